import pandas as pd
from sklearn.linear_model import LogisticRegression

members = pd.read_parquet("members.parquet")
X = members[["member_no", "visits_per_month"]]
model = LogisticRegression().fit(X, members["churned"])
