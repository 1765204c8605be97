# %% [markdown]
# CDR aggregation for the mobility insights product.
# Cells are run interactively in VS Code.

# %%
import duckdb
import pandas as pd
import hashlib

con = duckdb.connect()
con.execute("INSTALL httpfs; LOAD httpfs;")
con.execute("SET s3_endpoint='minio.telco.internal:9000'")
con.execute("SET s3_access_key_id='minioadmin'")
con.execute("SET s3_secret_access_key='minioadmin'")  # truth: SEC?
con.execute("SET s3_use_ssl=false")  # truth: TLS?

# %%
cdr = con.execute("SELECT caller_msisdn, callee_msisdn, cell_id, start_ts, duration_s, imsi FROM read_parquet('s3://cdr/raw/2026-11-*/*.parquet')").df()  # truth: AUD?
cdr.describe()  # trap

# %%
cdr["caller_hash"] = cdr["caller_msisdn"].map(lambda m: hashlib.md5(m.encode()).hexdigest())
cdr["callee_hash"] = cdr["callee_msisdn"].map(lambda m: hashlib.md5(m.encode()).hexdigest())
pairs = cdr[["caller_hash", "callee_hash", "cell_id", "start_ts"]]
pairs.to_parquet("out/contact_graph.parquet")  # truth: PII

# %%
od = cdr.groupby(["cell_id", cdr["start_ts"].dt.hour]).agg(calls=("duration_s", "size"), minutes=("duration_s", "sum"))
od = od[od["calls"] >= 20]
od.to_csv("out/cell_hourly_volumes.csv")  # trap

# %%
print(cdr.loc[cdr["duration_s"] > 7200, ["caller_msisdn", "imsi", "cell_id"]].head())  # truth: PII
print(f"{cdr['caller_msisdn'].nunique():,} distinct callers")  # trap
