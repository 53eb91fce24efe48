"""Form data that several tests post: one valid new observation from the staff form."""

NEW_OBSERVATION = {
    "title": "Kaffen kom kald", "text": "Kaffen kom kald til frokost.", "source": "intervju",
    "stay_type": "rehabilitering", "journey_stage": "ankomst", "actor": "bruker",
    "themes": ["informasjon"], "month": "2025-03", "age_band": "80-89",
    "unit": "Korttidsavdeling A", "visibility": "public"}
