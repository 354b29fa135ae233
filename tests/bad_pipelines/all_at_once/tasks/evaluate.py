# %% tags=["parameters"]
upstream = None
product = None

# %%
print("hi")
