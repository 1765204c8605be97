# %% [markdown]
# # Credit applications: exploratory analysis
# Quick look at the Q3 extract before the fairness review. Data dictionary:
# http://wiki.internal/credit/data-dictionary (intranet, read-only)

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from fairlearn.metrics import MetricFrame, selection_rate
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score

pd.set_option("display.max_columns", 50)

# %%
apps = pd.read_parquet("data/applications_q3.parquet")  # truth: AUD
apps.shape

# %%
apps[["applicant_name", "email", "date_of_birth", "gender", "income", "loan_amount"]].head()

# %%
print(apps[["applicant_name", "email", "loan_amount"]].head(10))  # truth: PII

# %%
print(apps.describe())  # trap
print(apps["loan_amount"].quantile([0.5, 0.9, 0.99]))  # trap

# %% approval rate by group (EDA only)
approval_by_gender = apps.groupby("gender")["approved"].mean()  # trap
approval_by_age_band = apps.groupby(pd.cut(apps["age"], [18, 30, 45, 60, 99]))["approved"].mean()  # trap
print(approval_by_gender)  # trap
approval_by_gender.plot.bar()
plt.title("Approval rate by gender")

# %%
sns.histplot(apps, x="income", hue="approved", bins=50)

# %% baseline model
features = ["loan_amount", "term_months", "credit_utilization", "num_late_payments_12m", "gender", "age"]
X = apps[features].copy()
X["gender"] = X["gender"].map({"F": 0, "M": 1})
y = apps["approved"]
rf = RandomForestClassifier(n_estimators=200, min_samples_leaf=20)
rf.fit(X, y)  # truth: FAIR

# %% a model without the protected attributes
neutral_features = [f for f in features if f not in ("gender", "age")]
rf_neutral = RandomForestClassifier(n_estimators=200, min_samples_leaf=20)
rf_neutral.fit(apps[neutral_features], y)  # trap

# %% fairness assessment (evaluation only)
pred = rf_neutral.predict(apps[neutral_features])
mf = MetricFrame(
    metrics={"accuracy": accuracy_score, "selection_rate": selection_rate},
    y_true=y,
    y_pred=pred,
    sensitive_features=apps["gender"],  # trap
)
print(mf.by_group)  # trap
print(mf.difference())

# %% income vs approval
apps_model = apps.assign(log_income=apps["income"].clip(lower=1).pipe(lambda s: s.apply(float)))
rf_income = RandomForestClassifier(n_estimators=100)
rf_income.fit(apps_model[["loan_amount", "income", "credit_utilization"]], y)  # trap

# %% save the cleaned extract for the modelling team
apps.drop(columns=["applicant_name", "email", "date_of_birth", "income"]).to_parquet("data/apps_clean.parquet")  # trap
apps.to_parquet("data/apps_full_backup.parquet")  # truth: PII

# %% share a sample with the business analysts
apps.sample(200, random_state=3).to_excel("for_review.xlsx", index=False)  # truth: PII
apps[["loan_amount", "term_months", "approved"]].sample(200, random_state=3).to_excel("for_review_min.xlsx", index=False)  # trap

# %% log group-level approval rates to the tracking server
import mlflow

mlflow.set_tracking_uri("http://localhost:5000")  # trap
with mlflow.start_run(run_name="credit-eda-q3"):
    mlflow.log_table(apps.groupby("gender")["approved"].mean().reset_index(), "approval_by_gender.json")  # trap
    mlflow.log_metric("approval_rate", float(apps["approved"].mean()))  # trap
