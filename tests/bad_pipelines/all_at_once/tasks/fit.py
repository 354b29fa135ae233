# %% tags=["parameters"]
upstream = ["clean", "report"]
product = None

# %%
print("hi")
