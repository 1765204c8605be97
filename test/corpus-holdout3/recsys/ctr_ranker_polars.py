"""CTR ranker: polars feature build + DuckDB joins + LightGBM lambdarank."""
import duckdb
import lightgbm as lgb
import polars as pl

con = duckdb.connect("warehouse/recsys.duckdb")
con.execute("SET s3_access_key_id='ASIAR4IZCZ5C4A4KTSQR'")  # truth: SEC
con.execute("SET s3_secret_access_key=''")  # trap

impressions = pl.read_csv("data/impressions.csv")
profiles = con.execute("SELECT user_id, age, gender, city, ip_address, lat, lon FROM user_profiles").pl()  # truth: AUD

profiles = profiles.with_columns([pl.col("lat").round(1).alias("lat_r"), pl.col("lon").round(1).alias("lon_r")])
frame = impressions.join(profiles, on="user_id", how="left")

feature_cols = ["position", "item_ctr_7d", "item_age_days", "user_ctr_30d"]
feature_cols += ["age", "gender_code"]
frame = frame.with_columns((pl.col("gender") == "F").cast(pl.Int8).alias("gender_code"))

train = frame.filter(pl.col("day") < "2026-11-20")
groups = train.group_by("request_id", maintain_order=True).len()["len"].to_list()
ranker = lgb.LGBMRanker(objective="lambdarank", n_estimators=500)
ranker.fit(train.select(feature_cols).to_pandas(), train["clicked"].to_pandas(), group=groups)  # truth: FAIR

frame.select(["user_id", "lat_r", "lon_r", "clicked"]).write_parquet("exports/geo_ctr.parquet")  # truth: PII?
frame.select(["user_id", "ip_address", "clicked"]).write_csv("exports/ip_ctr_debug.csv")  # truth: PII
print(frame.group_by("city").agg(pl.col("clicked").mean()).sort("clicked").tail(5))  # trap
print(frame.select(pl.col("user_id").n_unique()))  # trap
