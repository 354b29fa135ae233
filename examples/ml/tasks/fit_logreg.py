# %% [markdown]
# # Logistic regression

# %% tags=["parameters"]
upstream = ["split"]
product = None
C = 1.0

# %%
import json

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score

from features import FEATURES

train = pd.read_csv(upstream["split"]["train"])
test = pd.read_csv(upstream["split"]["test"])
model = LogisticRegression(C=C, max_iter=1000).fit(train[FEATURES], train.species)
accuracy = accuracy_score(test.species, model.predict(test[FEATURES]))
print(f"accuracy: {accuracy:.3f}")

# %%
with open(product["metrics"], "w") as f:
    json.dump({"model": "logreg", "C": C, "accuracy": accuracy}, f)
