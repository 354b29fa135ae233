# %% tags=["parameters"]
upstream = ("load",)
product = None

# %%
print("hi")
