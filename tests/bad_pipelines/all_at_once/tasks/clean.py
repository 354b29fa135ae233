# %% tags=["parameters"]
upstream = ["laod"]
product = None

# %%
print("hi")
