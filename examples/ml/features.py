"""Feature helpers shared by tasks; editing this re-runs exactly the tasks that import it."""


def add_ratios(df):
    """Adds petal and sepal length/width ratios."""
    df = df.copy()
    df["petal_ratio"] = df.petal_length / df.petal_width
    df["sepal_ratio"] = df.sepal_length / df.sepal_width
    return df


FEATURES = [
    "sepal_length",
    "sepal_width",
    "petal_length",
    "petal_width",
    "petal_ratio",
    "sepal_ratio",
]
