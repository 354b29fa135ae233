# %% [markdown]
# Load

# %% tags=["parameters"]
upstream = ["x",
product = None

# %%
print(1)
