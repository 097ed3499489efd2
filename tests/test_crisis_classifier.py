"""The learned crisis classifier (flows/crisis_classifier.py): its scorer, and the shipped
weights (flows/crisis_model.json) loading and behaving, and reproducible from the script."""

import importlib.util
import json
import math
from pathlib import Path

import pytest

from flows import safety
from flows.crisis_classifier import (
    CrisisClassifier,
    classifier_kind,
    default_classifier,
    features,
    pieces,
)

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "flows" / "crisis_model.json"


def tiny(weights: dict[str, list[float]], **extra) -> CrisisClassifier:
    """A hand-made model: classes none, suicide; weights given per feature."""
    model = {"classes": ["none", "suicide"], "bias": [0.0, 0.0], "weights": weights,
             "char_ngrams": [3, 3], "words": True, "by_clause": True, "threshold": 0.5}
    return CrisisClassifier({**model, **extra})


def test_features_are_char_ngrams_words_and_pairs_with_unit_norm() -> None:
    found = features("end it", (3, 4), words=True)
    assert {"c: en", "c:end", "c: end", "w:end", "w:it", "b:end it"} <= set(found)
    assert not any(key.startswith("c:") and len(key) > 6 for key in found)
    assert math.isclose(sum(v * v for v in found.values()), 1.0)
    assert not any(key.startswith(("w:", "b:")) for key in features("end it", (3, 4), False))


def test_the_scorer_is_a_softmax_over_the_weighted_features() -> None:
    model = tiny({"w:rope": [0.0, 4.0]})
    value = features("rope", (3, 3), True)["w:rope"]
    probs = model.probabilities("rope")
    assert math.isclose(probs[1], 1 / (1 + math.exp(-4.0 * value)))
    assert math.isclose(model.probabilities("walking group")[1], 0.5)  # no known feature


def test_a_crisis_clause_in_a_long_message_is_scored_on_its_own() -> None:
    text = ("Hi, could you tell me when the walking group meets and whether the coffee morning"
            " is still on Tuesdays at the library. Also i bought a rope")
    model = tiny({"w:rope": [0.0, 8.0]})
    by_clause = model.score(text)
    whole_only = tiny({"w:rope": [0.0, 8.0]}, by_clause=False).score(text)
    assert by_clause.crisis > whole_only.crisis
    assert by_clause.piece == "also i bought a rope" or "rope" in by_clause.piece
    assert by_clause.kind == "suicide"


def test_pieces_start_with_the_whole_simplified_message() -> None:
    found = pieces("Im not ok. I wanna kms", by_clause=True)
    assert found[0] == "i am not ok i want to kill myself"
    assert "i want to kill myself" in found


def test_the_shipped_weights_load_with_a_row_per_class() -> None:
    model = default_classifier()
    assert model.classes[model.none] == "none"
    assert set(model.classes) == {"none", *safety.CRISIS_KINDS}
    assert all(len(row) == len(model.classes) for row in model.weights.values())
    assert 0 < model.threshold < 1
    assert MODEL.stat().st_size < 3_000_000  # 2.85 MB with thirty sets, the everyday bank and the lexicon (prune 0.06)


@pytest.mark.parametrize(("text", "kind"), [
    ("i want to kill myself", "suicide"),
    ("been cutting my arms again", "self-harm"),
    ("my dad has collapsed and isnt breathing", "medical"),
])
def test_the_shipped_classifier_finds_plain_crises(text: str, kind: str) -> None:
    assert classifier_kind(text) == kind


@pytest.mark.parametrize("text", [
    "what time does the walking group meet on thursday",
    "can i get a repeat prescription for my inhaler please",
])
def test_the_shipped_classifier_leaves_ordinary_requests(text: str) -> None:
    assert classifier_kind(text) is None


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                    reason="training needs the train extra (scikit-learn)")
def test_the_shipped_weights_are_what_the_training_script_makes() -> None:
    from bench import train_crisis_classifier as trainer

    config = {k: v for k, v in trainer.CHOSEN.items() if k != "threshold"}
    made = trainer.dump(trainer.train(trainer.load_sets(), config, trainer.CHOSEN["threshold"]))
    shipped = MODEL.read_text("utf-8")
    assert json.loads(made) == json.loads(shipped)
    assert made == shipped
