import pandas as pd
from sklearn.ensemble import RandomForestClassifier

applicants = pd.read_csv("applicants.csv")
features = ["income", "gender", "loan_amount"]
clf = RandomForestClassifier().fit(applicants[features], applicants["approved"])
