# %% [markdown]
# # Random forest
# One task per grid point: `n_estimators` x `criterion`.

# %% tags=["parameters"]
upstream = ["split"]
product = None
n_estimators = 10
criterion = "gini"

# %%
import json

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score

from features import FEATURES

train = pd.read_csv(upstream["split"]["train"])
test = pd.read_csv(upstream["split"]["test"])
model = RandomForestClassifier(n_estimators=n_estimators, criterion=criterion, random_state=0)
model.fit(train[FEATURES], train.species)
accuracy = accuracy_score(test.species, model.predict(test[FEATURES]))
print(f"n_estimators={n_estimators} criterion={criterion} accuracy={accuracy:.3f}")

# %%
with open(product["metrics"], "w") as f:
    json.dump({"model": f"forest-{n_estimators}-{criterion}", "accuracy": accuracy}, f)
