"""Actors: who the text is about, and what each phrase that names or refers to one stands for.

The package is split by job:

- ``dictionary``: the actor dictionary (states, entities, organisations, people with their roles
  over time), loaded from ``data/actors/*.yaml``;
- ``roles``: the roles lexicon (titles, organ nouns, collective descriptions, pronouns) from
  ``data/lexicon/roles.yaml``;
- ``mentions``: finding the mentions of one parsed article: dictionary names, names the article
  defines itself, and people recognised by their titles;
- ``resolve``: ``ArticleActors``, which resolves pronouns and descriptions against those mentions
  when an event or a quote needs them.
"""
from .dictionary import Actor, ActorDictionary, Form, Person, Role, default_dictionary
from .mentions import find_mentions
from .resolve import ArticleActors, Referent
from .roles import Roles, default_roles

__all__ = ["Actor", "ActorDictionary", "ArticleActors", "Form", "Person", "Referent", "Role", "Roles",
           "default_dictionary", "default_roles", "find_mentions"]
