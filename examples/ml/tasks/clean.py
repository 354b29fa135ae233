# %% [markdown]
# # Clean
# Drop duplicate rows, check the data, add ratio features.

# %% tags=["parameters"]
upstream = ["load"]
product = None

# %%
import pandas as pd

from features import add_ratios

df = pd.read_csv(upstream["load"]["data"])
before = len(df)
df = df.drop_duplicates().reset_index(drop=True)
print(f"dropped {before - len(df)} duplicate rows")

# %% [markdown]
# Data-quality checks: a failing assert fails the task and keeps this notebook.

# %%
assert df.isna().sum().sum() == 0, "missing values"
assert (df.select_dtypes("number") > 0).all().all(), "non-positive measurement"

# %%
df = add_ratios(df)
df.to_csv(product["data"], index=False)
df.describe()
