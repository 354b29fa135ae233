# %% tags=["parameters"]
upstream = ["fit-*", "evaluate"]
product = None

# %%
print("hi")
