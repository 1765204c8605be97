"""Dagster assets: creator follower-graph features and the creator-fund eligibility model."""
import duckdb
import pandas as pd
from dagster import AssetExecutionContext, Definitions, asset
from sklearn.linear_model import LogisticRegression

DUCKDB_PATH = "/data/social/warehouse.duckdb"
CREATORS_SQL = """
    SELECT user_id, username, email, country, signup_date, follower_count, verified
    FROM users
    WHERE is_creator
"""
MOTHERDUCK_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtc2NvcmluZyIsImlhdCI6MTcwMDAwMDAwMH0.w7CR3hg3i5--ZLd0gf3MVHbXl2sc2q901aesfncrbof"  # truth: SEC


@asset
def creator_profiles(context: AssetExecutionContext) -> pd.DataFrame:
    con = duckdb.connect(DUCKDB_PATH, read_only=True)
    if context.run.tags.get("motherduck"):
        con = duckdb.connect(f"md:social?motherduck_token={MOTHERDUCK_TOKEN}")
    df = con.sql(CREATORS_SQL).df()  # truth: AUD
    context.log.info(f"{len(df)} creators")  # trap: count
    return df


@asset
def follower_graph_features(context: AssetExecutionContext, creator_profiles: pd.DataFrame) -> pd.DataFrame:
    con = duckdb.connect(DUCKDB_PATH, read_only=True)
    edges = con.sql("""
        SELECT followee_id AS user_id,
               COUNT(*) AS followers_30d,
               COUNT(DISTINCT follower_country) AS follower_countries,
               AVG(CASE WHEN follower_is_bot THEN 1 ELSE 0 END) AS bot_share
        FROM follows
        WHERE followed_at >= now() - INTERVAL 30 DAY
        GROUP BY 1
    """).df()
    feats = creator_profiles[["user_id", "follower_count", "verified"]].merge(edges, on="user_id", how="left")
    return feats.fillna(0)


@asset
def fund_eligibility_model(context: AssetExecutionContext, follower_graph_features: pd.DataFrame):
    labels = pd.read_parquet("/data/social/creator_fund_decisions.parquet")
    df = follower_graph_features.merge(labels, on="user_id")
    X = df[["follower_count", "verified", "followers_30d", "follower_countries", "bot_share"]]
    clf = LogisticRegression(max_iter=500).fit(X, df["approved"])  # trap: no protected features
    context.log.info(f"coef={dict(zip(X.columns, clf.coef_[0].round(3)))}")
    return clf


@asset
def creator_outreach_export(context: AssetExecutionContext, creator_profiles: pd.DataFrame,
                            follower_graph_features: pd.DataFrame) -> None:
    df = creator_profiles.merge(follower_graph_features[["user_id", "followers_30d", "bot_share"]], on="user_id")
    shortlist = df[(df["bot_share"] < 0.05) & (df["followers_30d"] > 1000)]
    context.log.info(shortlist[["username", "email", "followers_30d"]].head(20).to_string())  # truth: PII
    shortlist[["user_id", "username", "email", "country"]].to_csv("/data/social/exports/fund_outreach.csv", index=False)  # truth: PII
    shortlist.groupby("country").size().to_csv("/data/social/exports/fund_outreach_by_country.csv")  # trap: aggregate


defs = Definitions(assets=[creator_profiles, follower_graph_features, fund_eligibility_model, creator_outreach_export])
