"""Faster drop-in versions of spaCy components the parse runs, each giving spaCy's own output.

``nlp.load_model`` swaps them into the English model after loading it: ``attribute_table`` for the
``attribute_ruler`` (rules found by table lookup, not matched as patterns) and ``lemmatizer`` for
the rule lemmatizer (each lemma computed once per word form, POS and morphology). Both are spaCy
subclasses registered as factories, and ``tests/test_parse_components.py`` compares every token's
attributes with the components they replace on real articles.
"""
