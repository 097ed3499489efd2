"""The stable category ids of the directory, each with a short label for texts."""

from __future__ import annotations

# Ids are stored in practice YAML files: never rename one, only add.
CATEGORIES: dict[str, str] = {
    "company": "Friendly company",
    "physical-activity": "Getting active",
    "walking": "Walking",
    "music": "Music and singing",
    "arts-crafts": "Arts and crafts",
    "outdoors": "Outdoors and gardening",
    "mental-wellbeing": "Feeling low or anxious",
    "bereavement": "Bereavement",
    "carers": "Carers",
    "memory": "Memory and dementia",
    "parents": "Parents and babies",
    "young-people": "Young people",
    "older-people": "Older people",
    "long-term-conditions": "Long-term conditions",
    "healthy-eating": "Healthy eating",
    "food": "Food",
    "money": "Money and benefits",
    "housing": "Housing",
    "work-skills": "Work and skills",
    "digital": "Phones and computers",
    "language": "Learning English",
    "smoking-alcohol": "Smoking and alcohol",
    "disability": "Disability",
    "mens-health": "Men's health",
    "veterans": "Veterans",
    "newcomers": "New to the area",
    "volunteering": "Helping out",
}
