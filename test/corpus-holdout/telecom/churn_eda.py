# %% [markdown]
# # Churn deep-dive, Q2 (prepaid segment)
# Exploratory work for the retention squad. Run cell by cell in VS Code.

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
import wandb
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

pd.set_option("display.max_columns", 50)

# %%
wandb.login(key="da6bd0c621de49f145fda9988c79fc35526f7eae")  # truth: SEC
run = wandb.init(project="churn-q2", config={"segment": "prepaid", "max_tokens": 0})  # trap

# %%
subs = pd.read_csv(  # truth: AUD
    "data/prepaid_subscribers_2024q2.csv",
    usecols=["subscriber_id", "phone_number", "email", "marital_status", "gender", "tenure_months",
             "monthly_spend", "dropped_calls", "support_tickets", "churned"],
)
tower_stats = pd.read_pickle("cache/tower_stats.pkl")  # truth: SER

# %%
print(subs.head(10))  # truth: PII
print(subs.shape, subs["churned"].mean())  # trap

# %% EDA: churn by segment
print(subs.groupby("gender")["churned"].mean())  # trap
sns.barplot(data=subs, x="marital_status", y="churned")  # trap
plt.show()

# %%
subs["ticket_token_count"] = subs["support_tickets"].fillna("").str.split().str.len()  # trap
subs["is_email_verified"] = subs["email"].notna()

# %% Model 1: everything we have
num = ["tenure_months", "monthly_spend", "dropped_calls", "ticket_token_count"]
cat = ["marital_status"]
pre = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), cat)], remainder="passthrough")
pipe = Pipeline([("pre", pre), ("gb", GradientBoostingClassifier())])
X_train, X_test, y_train, y_test = train_test_split(subs[num + cat], subs["churned"], test_size=0.25, random_state=1)
pipe.fit(X_train, y_train)  # truth: FAIR
print("holdout acc", pipe.score(X_test, y_test))

# %% Model 2: behavioural only (what we ship)
behaviour = subs.drop(columns=["subscriber_id", "phone_number", "email", "marital_status", "gender", "support_tickets"])
Xb = behaviour.drop(columns=["churned"])
gb = GradientBoostingClassifier().fit(Xb, behaviour["churned"])  # trap

# %% log a sample to W&B for the squad
sample = subs.sample(200, random_state=0)
wandb.log({"prepaid_sample": wandb.Table(dataframe=sample[["phone_number", "tenure_months", "churned"]])})  # truth: PII
wandb.log({"behaviour_sample": wandb.Table(dataframe=Xb.sample(200, random_state=0))})  # trap

# %% export for the campaign tool
targets = subs.loc[gb.predict_proba(Xb)[:, 1] > 0.6, ["subscriber_id", "email", "phone_number"]]
targets.to_csv("out/winback_targets.csv", index=False)  # truth: PII
run.finish()
