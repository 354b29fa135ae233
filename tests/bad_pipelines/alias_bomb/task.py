# %%
print(x)
