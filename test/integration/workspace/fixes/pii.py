import pandas as pd
from sklearn.linear_model import LogisticRegression

customers = pd.read_csv("customers.csv")
X = customers[["email", "tenure_months", "monthly_charges"]]
y = customers["churned"]
model = LogisticRegression().fit(X, y)
