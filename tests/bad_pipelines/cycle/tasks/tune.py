# %% tags=["parameters"]
upstream = ["train"]
product = None

# %%
