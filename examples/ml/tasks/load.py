# %% [markdown]
# # Load
# The iris measurements (shipped with scikit-learn, so no download), as a CSV.

# %% tags=["parameters"]
upstream = None
product = None

# %%
import pandas as pd
from sklearn.datasets import load_iris

iris = load_iris(as_frame=True)
df = iris.frame.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
df["species"] = df.pop("target").map(dict(enumerate(iris.target_names)))
df.to_csv(product["data"], index=False)
print(f"{len(df)} rows, {df.species.nunique()} species")
df.head()
