# %% tags=["parameters"]
upstream = ["tune", "plot"]
product = None

# %%
