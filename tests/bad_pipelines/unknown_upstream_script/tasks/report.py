# %% tags=["parameters"]
upstream = {"fit-*": None}
product = None

# %%
print("hi")
