# %% tags=["parameters"]
upstream = ["clean"]
product = None

# %%
print("hi")
