# %% [markdown]
# # Report
# Every model's test accuracy, as a table and a chart.

# %% tags=["parameters"]
upstream = ["fit-*"]
product = None

# %%
import json

import matplotlib.pyplot as plt
import pandas as pd

rows = [json.load(open(p["metrics"])) for p in upstream["fit-*"].values()]
summary = pd.DataFrame(rows)[["model", "accuracy"]].sort_values("accuracy", ascending=False)
summary.to_csv(product["summary"], index=False)
summary

# %%
ax = summary.plot.barh(x="model", y="accuracy", legend=False, xlim=(0.8, 1.0), figsize=(6, 3))
ax.set_xlabel("test accuracy")
plt.tight_layout()
plt.show()
