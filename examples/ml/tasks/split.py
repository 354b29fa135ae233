# %% [markdown]
# # Split
# A stratified train/test split.

# %% tags=["parameters"]
upstream = ["clean"]
product = None
test_size = 0.3
seed = 42

# %%
import pandas as pd
from sklearn.model_selection import train_test_split

df = pd.read_csv(upstream["clean"]["data"])
train, test = train_test_split(df, test_size=test_size, random_state=seed, stratify=df.species)
train.to_csv(product["train"], index=False)
test.to_csv(product["test"], index=False)
print(f"train: {len(train)} rows, test: {len(test)} rows")
