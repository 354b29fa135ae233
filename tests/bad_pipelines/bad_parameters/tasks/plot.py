# %% tags=["parameters"]
upstream = get_upstream()
product = None

# %%
print("hi")
