# %% [markdown]
# Train a model

# %% tags=["parameters"]
upstream = ["claen"]
product = None
