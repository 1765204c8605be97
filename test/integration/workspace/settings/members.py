import pandas as pd
from sklearn.linear_model import LogisticRegression

members = pd.read_parquet("visit_features.parquet")
X = members[["member_no", "visits_per_month"]]
model = LogisticRegression().fit(X, members["churned"])
