#!/usr/bin/env python3
"""Deterministic generator of a synthetic political-news benchmark corpus.

pactwatch's benchmark needs a large amount of text that *reads like* English
wire copy about international politics and security alliances, so that the NLP
pipeline (sentence splitting, parsing, NER, coreference, quote attribution,
date resolution, event coding) does the same kind of work it does on real
news.  Real articles cannot be redistributed, so this script writes
synthetic ones from a template grammar written for pactwatch.  Every word of
every template is our own; no external text is used and no network access is
needed (standard library only).

Usage::

    python bench/make_corpus.py --articles 2000 --out bench/corpus.jsonl
    python bench/make_corpus.py --articles 2000 --out bench/corpus.jsonl --seed 7
    python bench/make_corpus.py --articles 5000 --scale 20 --out bench/corpus-100k.jsonl
    python bench/make_corpus.py --articles 10 --out -          # write to stdout

Each output line is a JSON object::

    {"id": "synth-00001", "published": "YYYY-MM-DD", "title": "...",
     "outlet": "...", "text": "..."}

``text`` is the article body: paragraphs separated by a blank line (the
headline is in ``title``, not repeated in ``text``).  Articles are 250 to
1,200 words long (mean about 550) in 6 to 20 paragraphs.

Determinism: the same ``--articles``/``--seed``/``--scale`` always produce a
byte-identical file.  Every article gets its own ``random.Random`` seeded from
(seed, round, index), so an article does not depend on the ones before it.
``--scale K`` repeats the whole run K times with derived seeds (round k uses
seed + k * 1_000_003) and continues the id sequence, giving K * articles
articles.  Output is streamed one line at a time; the corpus is never held in
memory.

What the grammar covers:

* actors: 64 real states (name, capital, demonym), 16 international
  organisations, 44 made-up officials with titles (the people are fictional;
  any resemblance to real persons is accidental);
* events of all 16 PLOVER types (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE,
  AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION,
  MOBILIZE, COERCE, ASSAULT), each with several verb frames, in plain past,
  perfect, negated, conditional, future and reported forms;
* dates relative to the publication date ("on Tuesday", "last week",
  "earlier this month", "in March 2023", "last year", "next month");
* direct quotes with varied attribution (``"...," he said.``,
  ``X said: "..."``, ``"...," X told Reuters.``, quotes running over two
  paragraphs, speakers referred to later by surname, title or pronoun);
* scare quotes, background sentences with no events, and in about a fifth
  of the articles the boilerplate lines scraped news text often contains
  (newsletter prompts, photo captions, "Source link", repeated slogans).

The events are invented: the corpus is for measuring speed and robustness,
not for evaluating accuracy against real-world facts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import sys

# ---------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------

# (name, capital, demonym); names that take "the" carry it.
STATES = [
    ("Armenia", "Yerevan", "Armenian"), ("Azerbaijan", "Baku", "Azerbaijani"),
    ("Georgia", "Tbilisi", "Georgian"), ("Russia", "Moscow", "Russian"),
    ("Belarus", "Minsk", "Belarusian"), ("Kazakhstan", "Astana", "Kazakh"),
    ("Kyrgyzstan", "Bishkek", "Kyrgyz"), ("Tajikistan", "Dushanbe", "Tajik"),
    ("Uzbekistan", "Tashkent", "Uzbek"), ("Turkmenistan", "Ashgabat", "Turkmen"),
    ("Ukraine", "Kyiv", "Ukrainian"), ("Moldova", "Chisinau", "Moldovan"),
    ("Poland", "Warsaw", "Polish"), ("Lithuania", "Vilnius", "Lithuanian"),
    ("Latvia", "Riga", "Latvian"), ("Estonia", "Tallinn", "Estonian"),
    ("Finland", "Helsinki", "Finnish"), ("Sweden", "Stockholm", "Swedish"),
    ("Norway", "Oslo", "Norwegian"), ("Denmark", "Copenhagen", "Danish"),
    ("Germany", "Berlin", "German"), ("France", "Paris", "French"),
    ("the United Kingdom", "London", "British"), ("Italy", "Rome", "Italian"),
    ("Spain", "Madrid", "Spanish"), ("Portugal", "Lisbon", "Portuguese"),
    ("the Netherlands", "The Hague", "Dutch"), ("Belgium", "Brussels", "Belgian"),
    ("Austria", "Vienna", "Austrian"), ("Hungary", "Budapest", "Hungarian"),
    ("Romania", "Bucharest", "Romanian"), ("Bulgaria", "Sofia", "Bulgarian"),
    ("Greece", "Athens", "Greek"), ("Turkey", "Ankara", "Turkish"),
    ("Serbia", "Belgrade", "Serbian"), ("Czechia", "Prague", "Czech"),
    ("Slovakia", "Bratislava", "Slovak"), ("Croatia", "Zagreb", "Croatian"),
    ("the United States", "Washington", "American"), ("Canada", "Ottawa", "Canadian"),
    ("China", "Beijing", "Chinese"), ("Japan", "Tokyo", "Japanese"),
    ("South Korea", "Seoul", "South Korean"), ("North Korea", "Pyongyang", "North Korean"),
    ("India", "New Delhi", "Indian"), ("Pakistan", "Islamabad", "Pakistani"),
    ("Iran", "Tehran", "Iranian"), ("Iraq", "Baghdad", "Iraqi"),
    ("Israel", "Jerusalem", "Israeli"), ("Egypt", "Cairo", "Egyptian"),
    ("Saudi Arabia", "Riyadh", "Saudi"), ("Qatar", "Doha", "Qatari"),
    ("the United Arab Emirates", "Abu Dhabi", "Emirati"), ("Jordan", "Amman", "Jordanian"),
    ("Mali", "Bamako", "Malian"), ("Niger", "Niamey", "Nigerien"),
    ("Burkina Faso", "Ouagadougou", "Burkinabe"), ("Nigeria", "Abuja", "Nigerian"),
    ("Senegal", "Dakar", "Senegalese"), ("Ghana", "Accra", "Ghanaian"),
    ("Ethiopia", "Addis Ababa", "Ethiopian"), ("Kenya", "Nairobi", "Kenyan"),
    ("Brazil", "Brasilia", "Brazilian"), ("Mexico", "Mexico City", "Mexican"),
    ("Venezuela", "Caracas", "Venezuelan"), ("Indonesia", "Jakarta", "Indonesian"),
    ("Vietnam", "Hanoi", "Vietnamese"), ("the Philippines", "Manila", "Philippine"),
]

# (full name, short name, headquarters city, founding year, head title, generic noun)
ORGS = [
    ("the North Atlantic Treaty Organization", "NATO", "Brussels", 1949, "Secretary General", "alliance"),
    ("the Collective Security Treaty Organization", "the CSTO", "Moscow", 1992, "Secretary General", "alliance"),
    ("the European Union", "the EU", "Brussels", 1993, "foreign policy chief", "bloc"),
    ("the Economic Community of West African States", "ECOWAS", "Abuja", 1975, "Commission President", "bloc"),
    ("the African Union", "the AU", "Addis Ababa", 2002, "Commission Chairperson", "union"),
    ("the Organization for Security and Co-operation in Europe", "the OSCE", "Vienna", 1975, "Secretary General", "organisation"),
    ("the Shanghai Cooperation Organisation", "the SCO", "Beijing", 2001, "Secretary-General", "grouping"),
    ("the Association of Southeast Asian Nations", "ASEAN", "Jakarta", 1967, "Secretary-General", "bloc"),
    ("the United Nations", "the UN", "New York", 1945, "Secretary-General", "world body"),
    ("the Gulf Cooperation Council", "the GCC", "Riyadh", 1981, "Secretary-General", "council"),
    ("the Arab League", "the Arab League", "Cairo", 1945, "Secretary-General", "league"),
    ("the Organization of American States", "the OAS", "Washington", 1948, "Secretary General", "organisation"),
    ("the Commonwealth of Independent States", "the CIS", "Minsk", 1991, "Executive Secretary", "grouping"),
    ("the Eurasian Economic Union", "the EAEU", "Moscow", 2015, "Board Chairman", "union"),
    ("the Alliance of Sahel States", "the AES", "Bamako", 2023, "rotating President", "alliance"),
    ("the International Atomic Energy Agency", "the IAEA", "Vienna", 1957, "Director General", "agency"),
]

# Fictional officials: (name, gender, title, state index or org key).  The
# names were made up for this generator.
OFFICIALS = [
    ("Aram Vardanyants", "m", "Foreign Minister", "Armenia"),
    ("Lilit Hovakimova", "f", "Defence Minister", "Armenia"),
    ("Rauf Alizade-Kerimli", "m", "Foreign Minister", "Azerbaijan"),
    ("Nino Tsereteli-Baratova", "f", "Prime Minister", "Georgia"),
    ("Gennady Volkhonsky", "m", "Deputy Foreign Minister", "Russia"),
    ("Yelena Strelnikova", "f", "Foreign Ministry spokeswoman", "Russia"),
    ("Pavel Lutsevich", "m", "Defence Minister", "Belarus"),
    ("Nurlan Abenov", "m", "Foreign Minister", "Kazakhstan"),
    ("Aibek Toktorov", "m", "President", "Kyrgyzstan"),
    ("Rustam Nazarzoda", "m", "Defence Minister", "Tajikistan"),
    ("Olena Marchuk", "f", "Deputy Prime Minister", "Ukraine"),
    ("Tomasz Wielgosz", "m", "Defence Minister", "Poland"),
    ("Ruta Kaziliene", "f", "Foreign Minister", "Lithuania"),
    ("Mikko Saarinen", "m", "Defence Minister", "Finland"),
    ("Karin Ostlund", "f", "Prime Minister", "Sweden"),
    ("Jorgen Fjellheim", "m", "Foreign Minister", "Norway"),
    ("Matthias Kohlbrenner", "m", "Chancellor", "Germany"),
    ("Claire Dufresne-Moreau", "f", "Foreign Minister", "France"),
    ("Edward Pembury", "m", "Defence Secretary", "the United Kingdom"),
    ("Giulia Santoro", "f", "Prime Minister", "Italy"),
    ("Zoltan Ferencz", "m", "Foreign Minister", "Hungary"),
    ("Mehmet Karaduman", "m", "Foreign Minister", "Turkey"),
    ("Dusan Radovanac", "m", "President", "Serbia"),
    ("Rachel Whitcombe", "f", "Secretary of State", "the United States"),
    ("Daniel Okafor-Reyes", "m", "National Security Adviser", "the United States"),
    ("Li Wenhao", "m", "Foreign Ministry spokesman", "China"),
    ("Haruto Mizushima", "m", "Defence Minister", "Japan"),
    ("Park Seo-yeon", "f", "Foreign Minister", "South Korea"),
    ("Vikram Sethuraman", "m", "External Affairs Minister", "India"),
    ("Farhad Rostamzadeh", "m", "Foreign Minister", "Iran"),
    ("Yousef Al-Mahrazi", "m", "Foreign Minister", "Qatar"),
    ("Amadou Keita-Diallo", "m", "Prime Minister", "Mali"),
    ("Issoufou Garba", "m", "Defence Minister", "Niger"),
    ("Salif Ouedraogo-Kabore", "m", "Foreign Minister", "Burkina Faso"),
    ("Ngozi Adebanjo", "f", "Foreign Minister", "Nigeria"),
    ("Mariana Coutinho", "f", "Foreign Minister", "Brazil"),
    ("Anders Brekke-Hansen", "m", "Secretary General", "NATO"),
    ("Sergei Dorozhkin", "m", "Secretary General", "the CSTO"),
    ("Helena Vasquez-Lindt", "f", "foreign policy chief", "the EU"),
    ("Ousmane Tall", "m", "Commission President", "ECOWAS"),
    ("Ingrid Halvorsen", "f", "Secretary General", "the OSCE"),
    ("Kofi Mensah-Boateng", "m", "Commission Chairperson", "the AU"),
    ("Tran Minh Quang", "m", "Foreign Minister", "Vietnam"),
    ("Maria Teresa Dumalag", "f", "Defence Secretary", "the Philippines"),
]

OUTLETS = [
    "The Meridian Wire", "Northern Dispatch", "Global Affairs Daily",
    "The Continental Ledger", "Harbour City Tribune", "Eastern Frontier News",
    "The Atlas Courier", "Sahel Observer", "Caucasus Weekly Review",
    "The Pacific Standard-Herald", "World Desk", "The Evening Compass",
]
# Outlets named in "..., X told <outlet>." attributions (wire services and
# broadcasters are named as such in real copy; here it is just a string).
TOLD_OUTLETS = ["Reuters", "the Associated Press", "AFP", "the BBC",
                "this newspaper", "reporters", "state television",
                "a local radio station", "the Financial Ledger", "Al Jazeera"]

SLOGANS = ["Independent news you can trust", "Clear reporting from the world's capitals",
           "Your window on global affairs", "Facts first, every day"]

STATE_BY_NAME = {s[0]: s for s in STATES}
ORG_BY_SHORT = {o[1]: o for o in ORGS}

# ---------------------------------------------------------------------------
# Slot fillers
# ---------------------------------------------------------------------------

TOPICS = ["border security", "energy transit", "the ceasefire line", "prisoner exchanges",
          "arms control", "grain exports", "the status of the disputed region",
          "counter-terrorism cooperation", "air defence", "refugee returns",
          "the demarcation of the border", "a new transit corridor", "nuclear inspections",
          "maritime patrols", "visa-free travel", "gas supplies", "troop levels"]
WEAPONS = ["air defence systems", "artillery shells", "armoured personnel carriers",
           "anti-tank missiles", "drones", "patrol boats", "small arms and ammunition",
           "radar equipment", "attack helicopters", "howitzers", "fighter jets",
           "coastal defence missiles"]
CONTRACTS = ["the supply of radar systems", "the modernisation of its air force",
             "a new fleet of transport aircraft", "ammunition production",
             "the construction of a naval base", "border surveillance equipment",
             "armoured vehicles", "training for its special forces"]
ACCUSATIONS = ["violating the ceasefire", "shelling civilian areas", "meddling in its internal affairs",
               "supplying weapons to rebel groups", "planning a provocation on the border",
               "spreading disinformation", "harbouring militants", "breaching the peace agreement",
               "obstructing humanitarian access", "staging cyberattacks against state institutions"]
DEMANDS = ["withdraw its forces from the border area", "release the detained soldiers",
           "reopen the main road", "halt military exercises near the frontier",
           "return to the negotiating table", "respect the ceasefire",
           "stop the flow of weapons to armed groups", "allow observers into the region",
           "explain the troop movements", "lift the restrictions on trade"]
REQUESTS = ["military assistance", "humanitarian aid", "an emergency meeting",
            "additional air defence", "observers on the border", "financial support",
            "an independent investigation", "security guarantees"]
PLACES = ["the border area", "the disputed region", "the northern province", "the coastal zone",
          "the buffer zone", "the mountain passes", "the port city", "the frontier districts",
          "the eastern provinces", "the demilitarised strip"]
SANCTIONS = ["an asset freeze", "an arms embargo", "financial restrictions", "travel bans",
             "an oil embargo", "punitive tariffs", "fresh sanctions", "export controls"]
INCIDENTS = ["the border shooting", "the seizure of the cargo vessel", "the drone incident",
             "the airspace violation", "the detention of the journalists", "the embassy protest"]
TREATIES = ["the arms control treaty", "the transit agreement", "the joint security pact",
            "the grain export deal", "the fisheries accord", "the 2020 ceasefire agreement"]
UNITS = ["an armoured brigade", "two battalions of paratroopers", "additional air defence units",
         "several thousand troops", "a naval task force", "special forces units",
         "a rapid reaction force", "border guard reinforcements"]
SCARE_ADJ = ["peacekeeping", "defensive", "humanitarian", "technical", "neutral", "voluntary",
             "temporary", "friendly", "stabilisation", "routine", "limited", "preventive"]
SCARE_NOUN = ["provocations", "red lines", "referendum", "elections", "security measures",
              "special operation", "liberation", "counter-terrorism operation", "sovereignty",
              "consultations", "restoration of order", "partners"]
NUMS = ["two", "three", "four", "five", "six", "a dozen", "dozens of", "more than 100",
        "several hundred", "about 40", "at least 15", "nearly 300"]
MONEY = ["50", "120", "250", "400", "600", "1.2 billion", "2 billion", "75", "300"]

# ---------------------------------------------------------------------------
# Event frames: for each PLOVER type, predicates as (3sg present, past, base).
# {B} is the target, other slots are filled from the lists above.
# ---------------------------------------------------------------------------

FRAMES = {
    "AGREE": [
        ("agrees to a ceasefire with {B}", "agreed to a ceasefire with {B}", "agree to a ceasefire with {B}"),
        ("agrees to resume talks with {B} on {topic}", "agreed to resume talks with {B} on {topic}", "agree to resume talks with {B} on {topic}"),
        ("accepts {B}'s proposal on {topic}", "accepted {B}'s proposal on {topic}", "accept {B}'s proposal on {topic}"),
        ("pledges to ratify the accord with {B}", "pledged to ratify the accord with {B}", "pledge to ratify the accord with {B}"),
        ("offers to mediate between {B} and its neighbours", "offered to mediate between {B} and its neighbours", "offer to mediate between {B} and its neighbours"),
    ],
    "CONSULT": [
        ("holds talks with {B} on {topic}", "held talks with {B} on {topic}", "hold talks with {B} on {topic}"),
        ("meets {B} in {city}", "met {B} in {city}", "meet {B} in {city}"),
        ("visits {Bcap}", "visited {Bcap}", "visit {Bcap}"),
        ("hosts {B} for talks", "hosted {B} for talks", "host {B} for talks"),
        ("speaks by telephone with {B}", "spoke by telephone with {B}", "speak by telephone with {B}"),
    ],
    "SUPPORT": [
        ("backs {B}'s bid to join {org}", "backed {B}'s bid to join {org}", "back {B}'s bid to join {org}"),
        ("praises {B} for its handling of {topic}", "praised {B} for its handling of {topic}", "praise {B} for its handling of {topic}"),
        ("expresses support for {B}", "expressed support for {B}", "express support for {B}"),
        ("endorses {B}'s plan on {topic}", "endorsed {B}'s plan on {topic}", "endorse {B}'s plan on {topic}"),
    ],
    "CONCEDE": [
        ("releases {num} {Bdem} detainees", "released {num} {Bdem} detainees", "release {num} {Bdem} detainees"),
        ("lifts its veto on {B}'s membership of {org}", "lifted its veto on {B}'s membership of {org}", "lift its veto on {B}'s membership of {org}"),
        ("eases restrictions on {Bdem} goods", "eased restrictions on {Bdem} goods", "ease restrictions on {Bdem} goods"),
        ("drops its demand for concessions from {B}", "dropped its demand for concessions from {B}", "drop its demand for concessions from {B}"),
        ("apologises to {B} over {incident}", "apologised to {B} over {incident}", "apologise to {B} over {incident}"),
    ],
    "COOPERATE": [
        ("signs contract with {B} for {contract}", "signed a contract with {B} for {contract}", "sign a contract with {B} for {contract}"),
        ("signs defence pact with {B}", "signed a defence cooperation agreement with {B}", "sign a defence cooperation agreement with {B}"),
        ("launches joint patrols with {B}", "launched joint patrols with {B} along the frontier", "launch joint patrols with {B} along the frontier"),
        ("shares intelligence with {B} on {topic}", "shared intelligence with {B} on {topic}", "share intelligence with {B} on {topic}"),
        ("holds joint exercises with {B}", "held joint military exercises with {B}", "hold joint military exercises with {B}"),
    ],
    "AID": [
        ("delivers {weapons} to {B}", "delivered {weapons} to {B}", "deliver {weapons} to {B}"),
        ("sends aid to {B}", "sent {num} tonnes of humanitarian aid to {B}", "send humanitarian aid to {B}"),
        ("pledges ${money} million in military aid to {B}", "pledged ${money} million in military aid to {B}", "pledge ${money} million in military aid to {B}"),
        ("supplies {B} with {weapons}", "supplied {B} with {weapons}", "supply {B} with {weapons}"),
        ("grants {B} emergency loan", "granted {B} an emergency loan", "grant {B} an emergency loan"),
    ],
    "RETREAT": [
        ("withdraws troops from {place}", "withdrew its troops from {place}", "withdraw its troops from {place}"),
        ("pulls out of {org}", "pulled out of {org}", "pull out of {org}"),
        ("quits {treaty}", "withdrew from {treaty}", "withdraw from {treaty}"),
        ("pulls back forces from {B}'s border", "pulled back its forces from the border with {B}", "pull back its forces from the border with {B}"),
        ("freezes participation in {org}", "froze its participation in {org}", "freeze its participation in {org}"),
    ],
    "REQUEST": [
        ("demands that {B} {demand}", "demanded that {B} {demand}", "demand that {B} {demand}"),
        ("asks {org} for {request}", "asked {org} for {request}", "ask {org} for {request}"),
        ("urges {B} to {demand}", "urged {B} to {demand}", "urge {B} to {demand}"),
        ("calls on {B} to {demand}", "called on {B} to {demand}", "call on {B} to {demand}"),
        ("appeals to {B} for {request}", "appealed to {B} for {request}", "appeal to {B} for {request}"),
    ],
    "ACCUSE": [
        ("accuses {B} of {accusation}", "accused {B} of {accusation}", "accuse {B} of {accusation}"),
        ("blames {B} for {incident}", "blamed {B} for {incident}", "blame {B} for {incident}"),
        ("condemns {B} over {incident}", "condemned {B} over {incident}", "condemn {B} over {incident}"),
        ("criticises {B} over {topic}", "criticised {B} over its stance on {topic}", "criticise {B} over its stance on {topic}"),
    ],
    "REJECT": [
        ("rejects {B}'s demands", "rejected {B}'s demands", "reject {B}'s demands"),
        ("rebuffs {B}'s offer of talks", "rebuffed {B}'s offer of talks", "rebuff {B}'s offer of talks"),
        ("refuses to {demand_neg}", "refused to {demand_neg}", "refuse to {demand_neg}"),
        ("vetoes {B}'s resolution", "vetoed a resolution drafted by {B}", "veto a resolution drafted by {B}"),
        ("dismisses {B}'s proposal on {topic}", "dismissed {B}'s proposal on {topic}", "dismiss {B}'s proposal on {topic}"),
    ],
    "THREATEN": [
        ("threatens {B} with sanctions", "threatened {B} with sanctions", "threaten {B} with sanctions"),
        ("warns {B} of retaliation", "warned {B} of retaliation", "warn {B} of retaliation"),
        ("threatens to cut ties with {B}", "threatened to cut diplomatic ties with {B}", "threaten to cut diplomatic ties with {B}"),
        ("threatens military response against {B}", "threatened a military response against {B}", "threaten a military response against {B}"),
    ],
    "PROTEST": [
        ("protesters rally outside {B}'s embassy", "staged a protest outside the {Bdem} embassy", "stage a protest outside the {Bdem} embassy"),
        ("thousands march against {B}", "marched through the capital to denounce {B}", "march through the capital to denounce {B}"),
        ("lodges protest with {B}", "lodged a formal protest with {B}", "lodge a formal protest with {B}"),
        ("boycotts summit hosted by {B}", "boycotted the summit hosted by {B}", "boycott the summit hosted by {B}"),
    ],
    "SANCTION": [
        ("sanctions {B}", "imposed {sanction} on {B}", "impose {sanction} on {B}"),
        ("recalls ambassador from {Bcap}", "recalled its ambassador from {Bcap}", "recall its ambassador from {Bcap}"),
        ("expels {Bdem} diplomats", "expelled {num} {Bdem} diplomats", "expel {Bdem} diplomats"),
        ("suspends cooperation with {B}", "suspended military cooperation with {B}", "suspend military cooperation with {B}"),
        ("bans imports from {B}", "banned imports from {B}", "ban imports from {B}"),
    ],
    "MOBILIZE": [
        ("deploys troops near {B}", "deployed {unit} near the border with {B}", "deploy {unit} near the border with {B}"),
        ("puts forces on alert over {B}", "put its forces on high alert over tensions with {B}", "put its forces on high alert"),
        ("sends warships to {place}", "sent warships to {place}", "send warships to {place}"),
        ("moves {unit} to {place}", "moved {unit} to {place}", "move {unit} to {place}"),
    ],
    "COERCE": [
        ("blockades road to {place}", "blockaded the only road into {place}", "blockade the only road into {place}"),
        ("closes border with {B}", "closed its border with {B}", "close its border with {B}"),
        ("seizes {Bdem} cargo ship", "seized a {Bdem} cargo ship", "seize a {Bdem} cargo ship"),
        ("detains {Bdem} nationals", "detained {num} {Bdem} nationals", "detain {Bdem} nationals"),
        ("cuts gas supplies to {B}", "cut gas supplies to {B}", "cut gas supplies to {B}"),
    ],
    "ASSAULT": [
        ("shells {Bdem} positions", "shelled {Bdem} positions in {place}", "shell {Bdem} positions in {place}"),
        ("launches drone strikes on {B}", "launched drone strikes on targets in {B}", "launch drone strikes on targets in {B}"),
        ("attacks {Bdem} border posts", "attacked {Bdem} border posts", "attack {Bdem} border posts"),
        ("fires missiles at {B}", "fired missiles at military sites in {B}", "fire missiles at military sites in {B}"),
        ("launches offensive in {place}", "launched an offensive in {place}", "launch an offensive in {place}"),
    ],
}
TYPES = list(FRAMES)

# Reactions a target or a third party plausibly has to each main event type.
REACTIONS = {
    "ASSAULT": ["ACCUSE", "REQUEST", "THREATEN", "MOBILIZE", "SANCTION", "PROTEST"],
    "COERCE": ["ACCUSE", "REQUEST", "PROTEST", "SANCTION", "REJECT"],
    "MOBILIZE": ["ACCUSE", "REQUEST", "THREATEN", "MOBILIZE", "CONSULT"],
    "SANCTION": ["REJECT", "THREATEN", "ACCUSE", "SANCTION", "PROTEST"],
    "THREATEN": ["REJECT", "ACCUSE", "REQUEST", "CONSULT", "MOBILIZE"],
    "ACCUSE": ["REJECT", "ACCUSE", "REQUEST", "CONSULT"],
    "REJECT": ["ACCUSE", "THREATEN", "REQUEST", "CONSULT"],
    "REQUEST": ["REJECT", "AGREE", "CONSULT", "CONCEDE", "AID"],
    "PROTEST": ["REJECT", "ACCUSE", "COERCE", "CONCEDE"],
    "RETREAT": ["SUPPORT", "ACCUSE", "AGREE", "REQUEST", "CONSULT"],
    "AGREE": ["SUPPORT", "CONSULT", "COOPERATE", "AGREE"],
    "CONSULT": ["AGREE", "SUPPORT", "COOPERATE", "REQUEST"],
    "SUPPORT": ["SUPPORT", "CONSULT", "ACCUSE", "AGREE"],
    "CONCEDE": ["SUPPORT", "AGREE", "REQUEST", "CONSULT"],
    "COOPERATE": ["ACCUSE", "SUPPORT", "THREATEN", "COOPERATE"],
    "AID": ["ACCUSE", "THREATEN", "SUPPORT", "REQUEST", "AID"],
}
CONFLICTUAL = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN", "ACCUSE", "REJECT", "PROTEST"}

# Tone of quotes and lead sentences: conflictual pools for these main types.
TENSE = CONFLICTUAL | {"REQUEST", "RETREAT"}
# Event types an organisation plausibly performs, and types a person does not
# perform in person (they are reassigned to the person's state).
ORG_TYPES = ["REQUEST", "CONSULT", "SUPPORT", "AGREE", "ACCUSE", "REJECT", "SANCTION", "THREATEN", "AID", "MOBILIZE"]
MATERIAL = {"ASSAULT", "COERCE", "MOBILIZE", "AID"}

HEAD_NOUN = {  # "the {noun}" for a type, used in background and quotes
    "ASSAULT": ["attack", "strikes", "shelling", "offensive"],
    "COERCE": ["blockade", "border closure", "seizure"],
    "MOBILIZE": ["deployment", "build-up", "troop movements"],
    "SANCTION": ["sanctions", "measures", "penalties"],
    "THREATEN": ["threats", "warning", "ultimatum"],
    "ACCUSE": ["accusations", "allegations", "charges"],
    "REJECT": ["refusal", "rejection"],
    "REQUEST": ["request", "appeal", "demands"],
    "PROTEST": ["protests", "demonstrations", "boycott"],
    "RETREAT": ["withdrawal", "pull-out", "decision"],
    "AGREE": ["agreement", "deal", "accord"],
    "CONSULT": ["talks", "meeting", "visit"],
    "SUPPORT": ["backing", "endorsement", "support"],
    "CONCEDE": ["concession", "release", "decision"],
    "COOPERATE": ["contract", "pact", "cooperation"],
    "AID": ["deliveries", "aid package", "shipment"],
}

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def strip_the(s: str) -> str:
    return s[4:] if s.startswith("the ") else s


class Actor:
    """A state, an organisation or a person as the article refers to it."""

    def __init__(self, kind, full, short, forms, gender=None, home=None):
        self.kind = kind          # "state" | "org" | "person" | "group"
        self.full = full          # first-mention form
        self.short = short        # later-mention form
        self.forms = forms        # alternative later forms (title, metonymy)
        self.gender = gender
        self.home = home          # state tuple or org tuple for a person
        self.mentioned = False

    def ref(self, rng, subject=True, allow_pronoun=False):
        if not self.mentioned:
            self.mentioned = True
            return self.full
        if allow_pronoun and self.kind == "person" and rng.random() < 0.35:
            return ("he" if self.gender == "m" else "she") if subject else ("him" if self.gender == "m" else "her")
        if self.forms and rng.random() < 0.45:
            return rng.choice(self.forms)
        return self.short


def state_actor(rng, st):
    name, capital, dem = st
    forms = [capital, f"the {dem} government", f"{dem} officials", f"the government in {capital}"]
    full = rng.choice([name, name, f"the {dem} government", capital if rng.random() < 0.2 else name])
    return Actor("state", full, name, forms, home=st)


def org_actor(org):
    full, short, hq, year, head, noun = org
    return Actor("org", full if not full == short else short, short, [f"the {noun}", short], home=org)


def person_actor(rng, off):
    name, gender, title, home = off
    surname = name.split()[-1] if not name.startswith(("Park", "Li ", "Tran")) else name.split()[0]
    if home in STATE_BY_NAME:
        st = STATE_BY_NAME[home]
        full = rng.choice([f"{st[2]} {title} {name}", (f"{name}, {st[0]}' {title.lower()}," if st[0].endswith("s") else f"{name}, {st[0]}'s {title.lower()},") if not title[0].islower() else f"{name}, {st[2]} {title},",
                           f"{title} {name} of {st[0]}"])
        home_t = st
    else:
        org = ORG_BY_SHORT[home]
        full = rng.choice([f"{strip_the(org[1])} {title} {name}", f"{name}, the {title.lower()} of {org[1]},"])
        home_t = org
    t = title.lower()
    forms = [f"the {t}"] if "spokes" not in t else [f"the spokesperson", surname]
    return Actor("person", full, surname, forms, gender=gender, home=home_t)


# ---------------------------------------------------------------------------
# Dates relative to publication
# ---------------------------------------------------------------------------


def rel_date(rng, pub: dt.date, kind: str = "recent"):
    """Return (phrase, date) for an event near `pub`."""
    if kind == "recent":
        r = rng.random()
        if r < 0.45:
            d = rng.randint(1, 6)
            day = pub - dt.timedelta(days=d)
            pre = rng.choice(["on", "on", "late on", "early on", "on"])
            return f"{pre} {WEEKDAYS[day.weekday()]}", day
        if r < 0.55:
            return rng.choice(["on Monday" if pub.weekday() == 0 else "earlier today", "this week", "this morning"]), pub
        if r < 0.7:
            return rng.choice(["last week", "late last week"]), pub - dt.timedelta(days=rng.randint(7, 12))
        if r < 0.82:
            return rng.choice(["earlier this month", "at the start of the month"]), pub - dt.timedelta(days=min(pub.day - 1, rng.randint(3, 20)))
        if r < 0.92:
            m = (pub.month - 2) % 12
            return rng.choice([f"in late {MONTHS[m]}", f"in {MONTHS[m]}", "last month"]), pub - dt.timedelta(days=30)
        day = pub - dt.timedelta(days=rng.randint(2, 25))
        return f"on {day.day} {MONTHS[day.month - 1]}", day
    if kind == "past":
        r = rng.random()
        if r < 0.3:
            return "last year", pub.replace(year=pub.year - 1, month=6, day=1)
        if r < 0.6:
            y = pub.year - rng.randint(1, 3)
            m = rng.randint(1, 12)
            return f"in {MONTHS[m - 1]} {y}", dt.date(y, m, 1)
        if r < 0.8:
            n = rng.randint(2, 12)
            return f"{n} years ago" if n > 2 else "two years ago", dt.date(pub.year - n, pub.month, 1)
        y = pub.year - rng.randint(2, 25)
        return f"in {y}", dt.date(y, 1, 1)
    # future
    r = rng.random()
    if r < 0.35:
        d = rng.randint(1, 6)
        day = pub + dt.timedelta(days=d)
        return f"on {WEEKDAYS[day.weekday()]}", day
    if r < 0.6:
        return rng.choice(["next week", "later this week"]), pub + dt.timedelta(days=7)
    if r < 0.8:
        return "next month", pub + dt.timedelta(days=30)
    m = pub.month % 12
    return f"in {MONTHS[m]}", pub + dt.timedelta(days=31)


# ---------------------------------------------------------------------------
# The article builder
# ---------------------------------------------------------------------------


class Article:
    def __init__(self, rng: random.Random, pub: dt.date):
        self.rng = rng
        self.pub = pub
        r = rng
        a, b, c = r.sample(STATES, 3)
        self.sa, self.sb, self.sc = a, b, c
        self.A = state_actor(r, a)
        self.B = state_actor(r, b)
        self.C = state_actor(r, c)
        self.org = r.choice(ORGS)
        self.O = org_actor(self.org)
        offs_a = [o for o in OFFICIALS if o[3] == a[0]]
        offs_b = [o for o in OFFICIALS if o[3] == b[0]]
        offs_o = [o for o in OFFICIALS if o[3] == self.org[1]]
        self.PA = person_actor(r, offs_a[0]) if offs_a else self.nameless(a)
        self.PB = person_actor(r, offs_b[0]) if offs_b else self.nameless(b)
        self.last_speaker = None
        self.PO = person_actor(r, offs_o[0]) if offs_o else None
        self.main = r.choice(TYPES)
        self.main_frame = r.choice(FRAMES[self.main])
        self.slots = self.fill_slots()
        self.main_when, _ = rel_date(r, pub, "recent")
        self.words = 0
        self.used: set[str] = set()

    # -- helpers -----------------------------------------------------------
    def nameless(self, st):
        """An unnamed office holder, for states without a fictional official."""
        r = self.rng
        role = r.choice(["foreign minister", "defence minister", "president", "prime minister",
                         "foreign ministry spokesperson", "national security adviser"])
        return Actor("person", f"the {st[2]} {role}", f"the {role}", [f"the {st[2]} {role}"],
                     gender=r.choice(["m", "f"]), home=st)

    def fill_slots(self, target=None):
        r = self.rng
        tgt = target or self.sb
        return {
            "B": tgt[0], "Bcap": tgt[1], "Bdem": tgt[2], "city": r.choice([tgt[1], self.sa[1], self.org[2], self.sc[1]]),
            "topic": r.choice(TOPICS), "weapons": r.choice(WEAPONS), "contract": r.choice(CONTRACTS),
            "accusation": r.choice(ACCUSATIONS), "demand": r.choice(DEMANDS),
            "demand_neg": r.choice(DEMANDS).replace(" its ", " its own ", 1) if r.random() < 0.2 else r.choice(DEMANDS),
            "request": r.choice(REQUESTS), "place": r.choice(PLACES), "sanction": r.choice(SANCTIONS),
            "incident": r.choice(INCIDENTS), "treaty": r.choice(TREATIES), "unit": r.choice(UNITS),
            "num": r.choice(NUMS), "money": r.choice(MONEY), "org": self.org[1],
        }

    def pred(self, frame, form, slots, target_name=None):
        s = dict(slots)
        if target_name:
            s["B"] = target_name
        text = frame[form].format(**s)
        text = text.replace("States's", "States'").replace("Philippines's", "Philippines'").replace("Netherlands's", "Netherlands'").replace("Emirates's", "Emirates'")
        return text.replace("$1.2 billion million", "$1.2 billion").replace("$2 billion million", "$2 billion")

    def subj(self, actor, allow_pronoun=False):
        ok = allow_pronoun and self.last_speaker is actor
        return actor.ref(self.rng, subject=True, allow_pronoun=ok)

    def scare(self, kind="adj"):
        return f"“{self.rng.choice(SCARE_ADJ if kind == 'adj' else SCARE_NOUN)}”"

    def other_state(self, src):
        """A state other than the source's own, to serve as default target."""
        home = src.home if src.kind in ("state", "person") else None
        if home is self.sb:
            return self.sa
        return self.sb

    # -- sentence kinds ----------------------------------------------------
    def event_sentence(self, src, etype=None, target=None, when=None, mode=None):
        """One sentence reporting an event of `etype` by `src` against `target`."""
        r = self.rng
        etype = etype or r.choice(TYPES)
        if src.kind == "org" and etype not in ORG_TYPES:
            etype = r.choice(ORG_TYPES)
        if src.kind == "person" and etype in MATERIAL and src.home in (self.sa, self.sb):
            src = self.A if src.home is self.sa else self.B
        frame = r.choice(FRAMES[etype])
        tgt_state = target or self.other_state(src)
        if src.home is tgt_state:
            tgt_state = r.choice([st for st in (self.sa, self.sb, self.sc) if st is not src.home])
        slots = self.fill_slots(tgt_state)
        tname = None
        if target is None and r.random() < 0.2 and "{B}" in frame[1]:
            tname = self.O.ref(r)
        when = when or rel_date(r, self.pub, "recent")[0]
        S = self.subj(src, allow_pronoun=True)
        mode = mode or r.choices(["plain", "perfect", "neg", "cond", "future", "reported", "denied", "unless", "plain_front"],
                                 [40, 10, 8, 7, 6, 12, 4, 5, 8])[0]
        base = self.pred(frame, 2, slots, tname)
        past = self.pred(frame, 1, slots, tname)
        if mode == "plain":
            return f"{cap(S)} {past} {when}."
        if mode == "plain_front":
            return f"{cap(when)}, {S} {past}."
        if mode == "perfect":
            return f"{cap(S)} has {r.choice(['also ', 'now ', 'already ', ''])}{self.perfect(base)}, {r.choice(['officials said', 'according to a statement', 'state media reported', 'the ministry confirmed'])}."
        if mode == "neg":
            return r.choice([
                f"{cap(S)} did not {base}, {r.choice(['despite earlier reports', 'officials stressed', 'contrary to some expectations'])}.",
                f"{cap(S)} has so far declined to {base}.",
                f"There was no sign {when} that {S} would {base}.",
                f"{cap(S)} stopped short of pledging to {base}.",
            ])
        if mode == "cond":
            cond_frame = r.choice(FRAMES[r.choice(sorted(CONFLICTUAL))])
            cond = self.pred(cond_frame, 2, self.fill_slots(self.sa), None)
            other = self.sb[0] if src is not self.B else self.sa[0]
            return r.choice([
                f"{cap(S)} would {base} if {other} were to {cond}, {r.choice(['a senior official said', 'diplomats said', 'according to people familiar with the matter'])}.",
                f"Should {other} {cond}, {S} could {base}, analysts said.",
                f"{cap(S)} said it was prepared to {base} only if {other} agreed to {r.choice(DEMANDS)}.",
            ])
        if mode == "future":
            fw = rel_date(r, self.pub, "future")[0]
            return r.choice([f"{cap(S)} is expected to {base} {fw}.", f"{cap(S)} will {base} {fw}, officials said.",
                             f"{cap(S)} plans to {base} {fw}, according to a draft statement seen by {r.choice(TOLD_OUTLETS[:4])}."])
        if mode == "reported":
            spk = r.choice(["state media reported", "the foreign ministry said", "officials said", "a government statement said",
                            "the defence ministry said in a statement", "two diplomats said", "local officials told reporters"])
            return f"{cap(S)} {past} {when}, {spk}."
        if mode == "denied":
            return r.choice([f"{cap(S)} denied that it planned to {base}, dismissing the reports as speculation.",
                             f"{cap(S)} denied any plan to {base}, saying its measures were purely {self.scare()}."])
        # unless
        if etype not in CONFLICTUAL:
            return f"{cap(S)} said it was ready to {base} once {self.sb[0] if src is not self.B else self.sa[0]} had agreed to {r.choice(DEMANDS)}."
        dem = r.choice(DEMANDS)
        other = self.sb[0] if src is not self.B else self.sa[0]
        return f"{cap(S)} {r.choice(['threatened', 'vowed', 'said it was ready'])} to {base} unless {other} agreed to {dem}."

    @staticmethod
    def perfect(base):
        irregular = {"meet": "met", "hold": "held", "send": "sent", "put": "put", "cut": "cut", "seize": "seized",
                     "withdraw": "withdrawn", "freeze": "frozen", "shell": "shelled", "fire": "fired",
                     "speak": "spoken", "pull": "pulled", "lodge": "lodged", "boycott": "boycotted", "ban": "banned",
                     "sign": "signed", "launch": "launched", "share": "shared", "grant": "granted", "supply": "supplied",
                     "deliver": "delivered", "pledge": "pledged", "agree": "agreed", "accept": "accepted", "offer": "offered",
                     "visit": "visited", "host": "hosted", "back": "backed", "praise": "praised", "express": "expressed",
                     "endorse": "endorsed", "release": "released", "lift": "lifted", "ease": "eased", "drop": "dropped",
                     "apologise": "apologised", "demand": "demanded", "ask": "asked", "urge": "urged", "call": "called",
                     "appeal": "appealed", "accuse": "accused", "blame": "blamed", "condemn": "condemned",
                     "criticise": "criticised", "reject": "rejected", "rebuff": "rebuffed", "refuse": "refused",
                     "veto": "vetoed", "dismiss": "dismissed", "threaten": "threatened", "warn": "warned",
                     "stage": "staged", "march": "marched", "impose": "imposed", "recall": "recalled", "expel": "expelled",
                     "suspend": "suspended", "deploy": "deployed", "move": "moved", "blockade": "blockaded",
                     "close": "closed", "detain": "detained", "attack": "attacked", "ratify": "ratified"}
        head, _, rest = base.partition(" ")
        return f"{irregular.get(head, head + 'ed')} {rest}".strip()

    def quote_text(self, stance, n=1):
        r = self.rng
        B, A, org = self.sb[0], self.sa[0], self.org[1]
        noun = r.choice(HEAD_NOUN[self.main])
        pools = {
            "source": [
                f"We have shown restraint for a long time, but patience has its limits",
                f"Our position is clear and it has not changed",
                f"Nobody should doubt our determination to defend our citizens",
                f"This decision was not taken lightly, and it was not taken in a hurry",
                f"We did what any responsible government would do in our place",
                f"The door to dialogue remains open, but dialogue cannot be a one-way street",
                f"We expect our partners in {org} to understand why this was necessary",
                f"What happened this week was the result of choices made in {self.sb[1]}, not here",
            ],
            "target": [
                f"These claims have nothing to do with reality",
                f"The {noun} is a violation of every commitment {A} has signed",
                f"We will respond at a time and in a manner of our choosing",
                f"No one will dictate to us how to protect our own territory",
                f"We call on our allies to honour their obligations",
                f"This is a deliberate attempt to wreck the talks, and everyone can see it",
                f"We are counting every shell and every broken promise",
            ],
            "third": [
                f"We urge both sides to exercise maximum restraint",
                f"There is no military solution to this dispute",
                f"The priority now is to stop the escalation before it spreads",
                f"We are following the situation very closely and remain in contact with both capitals",
                f"Both governments have told us they want to avoid a wider conflict, and we intend to hold them to that",
                f"The {noun} sends exactly the wrong signal at exactly the wrong moment",
            ],
            "analyst": [
                f"The {noun} tells you more about domestic politics than about security",
                f"For {org}, this is a test of whether its guarantees mean anything",
                f"Everyone is watching whether {B} blinks first",
                f"Neither side can afford a long confrontation, but neither can afford to look weak",
                f"This is the most serious moment in relations between the two since the last war",
                f"The real audience for this is not in {self.sb[1]} but in {self.sc[1]}",
            ],
        }
        if self.main not in TENSE:
            pools = self.coop_pools()
        picked = r.sample(pools[stance], min(n, len(pools[stance])))
        while len(picked) < n:
            picked.append(r.choice(pools[stance]))
        openers = ["", "", "", "", "Let me be clear: ", "Frankly, ", "At this stage, ", "As we have said many times, ",
                   "To be honest, ", "In the end, "]
        tails = ["", "", "", "", ", and we will not apologise for that", ", whatever anyone in {cap} may claim",
                 ", and that is not going to change overnight", ", and our partners know it",
                 ", and the coming days will show it"]
        out = []
        for q in picked:
            o = r.choice(openers)
            if o:
                q = o + q[0].lower() + q[1:]  # no pool quote starts with a proper noun
            t = r.choice(tails).format(cap=self.sb[1] if stance != "target" else self.sa[1])
            out.append(q + t)
        return out

    def coop_pools(self):
        B, A, org = self.sb[0], self.sa[0], self.org[1]
        noun = self.rng.choice(HEAD_NOUN[self.main])
        return {
            "source": [
                "This is a good day for both our countries",
                f"We have worked for months to get to this point, and the work is not over",
                f"Our friends in {self.sb[1]} know that they can rely on us",
                "Nobody should see this as directed against anyone else",
                "We are building something that will outlast the current governments",
                f"The {noun} shows what patient diplomacy can achieve",
                "We kept our word, and we expect the same in return",
            ],
            "target": [
                f"We welcome the {noun} and we will do our part",
                "Words are important, but we will judge everyone by what happens on the ground",
                f"This is a step in the right direction, nothing more and nothing less",
                f"We thank {A} for its understanding",
                "There is still a great deal of work to be done before anyone can celebrate",
                "Our citizens want results, not ceremonies",
            ],
            "third": [
                f"We welcome the {noun} and encourage both sides to build on it",
                f"{cap(org)} stands ready to support the implementation of what has been agreed",
                "This is exactly the kind of dialogue the region needs",
                "The test will be whether the commitments are honoured in the coming months",
                "Confidence is built slowly, and it can be lost very quickly",
            ],
            "analyst": [
                f"The {noun} is real, but it is also fragile",
                f"For {org}, this is a welcome change of tone after a difficult year",
                "Both leaders needed a success at home, and this gives them one",
                "The details that matter most have been left for later",
                f"The real audience for this is not in {self.sb[1]} but in {self.sc[1]}",
            ],
        }

    def speaker(self, stance):
        r = self.rng
        if stance == "source":
            opts = [self.PA, self.PA, f"a spokesperson for the {self.sa[2]} foreign ministry", f"a senior {self.sa[2]} official"]
        elif stance == "target":
            opts = [self.PB, self.PB, f"an adviser to the {self.sb[2]} president", f"a {self.sb[2]} government official"]
        elif stance == "third":
            opts = [self.PO or f"a spokesperson for {self.org[1]}", f"a spokesperson for {self.org[1]}", f"a senior {self.sc[2]} diplomat",
                    "a Western diplomat", f"a spokesperson for the {self.sc[2]} foreign ministry"]
        else:
            opts = [f"a political analyst in {self.sb[1]}", "a senior fellow at a European think tank",
                    f"a former {self.sc[2]} ambassador", f"a security researcher based in {self.sc[1]}",
                    "a military analyst"]
        s = r.choice(opts)
        return s

    def quote_paragraphs(self, stance):
        """Return a list of paragraphs (one or two) containing a direct quote."""
        r = self.rng
        spk = self.speaker(stance)
        if isinstance(spk, Actor):
            name = spk.ref(r, allow_pronoun=self.last_speaker is spk)
            gender = spk.gender
        else:
            name, gender = spk, r.choice(["m", "f", None])
        pron = {"m": "he", "f": "she"}.get(gender, "they")
        self.last_speaker = spk
        q1, q2 = self.quote_text(stance, 2)
        told = r.choice(TOLD_OUTLETS)
        style = r.choices(["comma", "colon", "told", "said_x", "split", "two_para", "ref_after", "sa_quote"],
                          [22, 14, 12, 8, 12, 10, 12, 10 if stance in ("source", "target") else 0])[0]
        verb = r.choice(["said", "said", "said", "said", "added", "warned", "insisted", "said in a statement"])
        if style == "comma":
            return [f"“{q1},” {name} {verb}."]
        if style == "colon":
            return [f"{cap(name)} said: “{q1}. {q2}.”"]
        if style == "told":
            return [f"“{q1},” {name} told {told}."]
        if style == "said_x":
            return [f"“{q1},” said {name}."]
        if style == "split":
            return [f"“{q1},” {name} said. “{q2}.”"]
        if style == "two_para":
            # A quote that runs over two paragraphs: the first paragraph has no
            # closing quotation mark, the second opens again.
            q1, q2, extra = self.quote_text(stance, 3)
            return [f"“{q1},” {name} said. “{q2}.", f"“{extra}.”"]
        if style == "ref_after":
            when = rel_date(r, self.pub, "recent")[0]
            lead = f"{cap(name)} {r.choice(['spoke to reporters', 'addressed parliament', 'posted a statement online', 'gave a news conference'])} {when}."
            return [f"{lead} “{q1},” {pron} said{'' if pron != 'they' else ''}."]
        # sa_quote: reported speech then a quote
        frame_type = r.choice(REACTIONS[self.main])
        frame = r.choice(FRAMES[frame_type])
        base = self.pred(frame, 2, self.fill_slots(self.sb if stance != "target" else self.sa))
        return [f"{cap(name)} said {self.sa[0] if stance == 'target' else 'the government'} was ready to {base}. “{q1},” {pron} added."]

    def background(self):
        return self.dedup(self._background)

    def dedup(self, make):
        """Call `make` until it returns a sentence whose opening was not used yet."""
        for _ in range(6):
            s = make()
            key = " ".join(s.split()[:4])
            if key not in self.used:
                self.used.add(key)
                return s
        return s

    def _background(self):
        r = self.rng
        o = self.org
        yr_phrase, _ = rel_date(r, self.pub, "past")
        noun = r.choice(HEAD_NOUN[self.main])
        opts = [
            f"{cap(o[1])} was founded in {o[3]} and has its headquarters in {o[2]}.",
            f"Relations between {self.sa[0]} and {self.sb[0]} have been strained for years, and a series of talks has produced little progress.",
            f"The two countries share a long and poorly marked border, parts of which have never been formally agreed.",
            f"{cap(self.sb[0])} has a population of several million people and relies heavily on imported energy.",
            f"Diplomats say the dispute is one of the most complex in the region, involving questions of territory, trade and history.",
            f"The {self.sa[2]} economy has been under pressure from high inflation and a weak currency.",
            f"Regional governments have watched the standoff with growing unease.",
            f"Both sides have accused each other of bad faith in past rounds of negotiations.",
            f"The {noun} comes at a sensitive time for {o[1]}, whose members are divided over how to respond to crises on their borders.",
            f"The last major round of fighting in the area ended {yr_phrase} with a ceasefire that has been repeatedly violated.",
            f"Independent verification of the claims made by either side was not possible.",
            f"It was not immediately clear how many people had been affected.",
            f"Officials in {self.sb[1]} did not respond to requests for comment.",
            f"Under the organisation's charter, decisions on security matters must be taken by consensus.",
            f"{self.sc[0][:1].upper() + self.sc[0][1:]}, which has close ties to both governments, has offered to host further talks.",
            f"Analysts note that the {self.sa[2]} leadership faces elections {rel_date(r, self.pub, 'future')[0]}, which may explain its hard line.",
            f"The area has been largely closed to foreign journalists since {yr_phrase}.",
            f"Trade between the two countries fell sharply {yr_phrase}, according to official figures.",
            f"Humanitarian groups have warned that the situation of civilians in {r.choice(PLACES)} is deteriorating.",
            f"Several rounds of mediation, most recently {yr_phrase}, have failed to settle the underlying dispute.",
            f"Critics describe the arrangement as a {self.scare()} solution that leaves the main questions unanswered.",
            f"{cap(self.sa[0])} has long justified its presence in {r.choice(PLACES)} as a {self.scare()} mission.",
            f"The talks, which officials in {self.sa[1]} prefer to call {self.scare('noun')}, have been stalled for months.",
            f"The region is home to important pipelines and rail links that connect {self.sa[0]} with its neighbours.",
            f"Both governments are members of {o[1]}, although they disagree sharply about its role.",
            f"Public opinion in {self.sb[0]} has hardened considerably over the past year, according to recent polls.",
            f"Military experts say both armies have been rearming since the last round of fighting.",
            f"The border crossing at the centre of the dispute handles much of the region's freight traffic.",
            f"Most foreign embassies in {self.sb[1]} have advised their citizens to avoid travel to the border area.",
            f"The United Nations has repeatedly called for the dispute to be resolved through negotiations.",
            f"Opposition parties in {self.sa[1]} have accused the government of mishandling the crisis.",
            f"The {o[5]} has {r.choice(['several', 'a number of', 'more than a dozen'])} member states and an annual budget that is small by international standards.",
            f"{cap(o[1])} holds its next summit {rel_date(r, self.pub, 'future')[0]}.",
            f"Shares on the {self.sa[2]} stock exchange fell on news of the escalation.",
            f"Neither government has published a full account of what was agreed at the last round of talks.",
            f"The {self.sb[2]} president faces growing pressure from veterans' groups to take a tougher line.",
            f"Ordinary people on both sides of the frontier say they are tired of the uncertainty.",
        ]
        return r.choice(opts)

    def boilerplate(self, outlet):
        r = self.rng
        return r.choice([
            "Sign up for our newsletter: the day's top world stories in your inbox.",
            f"Subscribe to {outlet} for unlimited access.",
            f"Photo: {r.choice(['Soldiers at a checkpoint', 'Delegates arrive for the talks', 'The foreign ministry building', 'A convoy on the main road'])} in {r.choice([self.sa[1], self.sb[1], self.org[2]])}. (File photo)",
            "Source link",
            "Advertisement",
            f"Read more: {r.choice(['What is', 'Explainer:', 'Timeline:'])} {self.org[1]} {r.choice(['and its members', 'at a crossroads', 'explained'])}",
            f"Follow {outlet} on Telegram for breaking news.",
            f"© {self.pub.year} {outlet}. All rights reserved.",
        ])

    # -- whole article -----------------------------------------------------
    def headline(self):
        r = self.rng
        subj = r.choice([self.sa[0], self.sa[1], self.sa[0]])
        h = f"{cap(subj)} {self.pred(self.main_frame, 0, self.slots)}"
        if r.random() < 0.25:
            h += r.choice([" amid rising tensions", f" as {self.org[1]} meets", " after border clashes",
                           ", officials say", f" despite {self.sc[2]} warnings"])
        return h

    def build(self):
        r = self.rng
        target_words = int(min(1200, max(250, r.lognormvariate(math.log(640) - 0.08, 0.4))))
        n_paras = max(6, min(17, round(target_words / r.uniform(45, 68))))
        per_para = target_words / n_paras
        paras: list[str] = []

        # Lead and second paragraph: the main event.
        A = self.PA if r.random() < 0.3 else self.A
        if self.main in TENSE:
            tails = ["in a move likely to deepen tensions in the region", "the latest sign of a widening rift between the two countries",
                     "officials said", "raising fears of a wider confrontation", "drawing sharp criticism from its neighbours"]
        else:
            tails = ["in a move seen as easing tensions in the region", "officials said", "marking a shift in its policy",
                     "the latest sign of warming ties between the two countries", "a step diplomats described as significant"]
        main_past = self.pred(self.main_frame, 1, self.slots)
        lead = r.choice([
            f"{cap(A.ref(r))} {main_past} {self.main_when}, {r.choice(tails)}.",
            f"{cap(self.main_when)}, {A.ref(r)} {main_past}, {r.choice(['according to officials in both capitals', 'in a decision that surprised many diplomats', 'as pressure mounted at home'])}.",
        ])
        dateline = r.choice([self.sa[1], self.sb[1], self.org[2]]).upper()
        paras.append(f"{dateline} — {lead}")
        self.A.mentioned = True
        detail = self.event_sentence(self.A, self.main, mode=r.choice(["reported", "perfect", "plain"]))
        paras.append(detail + " " + self.background())

        # Body: mix of reactions, quotes, background, secondary events.
        slots_kinds = ["react_b", "quote_source", "quote_target", "react_third", "quote_third", "background",
                       "event", "quote_analyst", "conditional", "history"]
        while len(paras) < n_paras:
            kind = r.choice(slots_kinds)
            if kind == "react_b":
                et = r.choice(REACTIONS[self.main])
                p = [self.event_sentence(self.B if r.random() < 0.6 else self.PB, et, target=self.sa)]
            elif kind == "react_third":
                et = r.choice(REACTIONS[self.main] + ["REQUEST", "CONSULT"])
                src = r.choice([self.O, self.C, self.PO or self.O])
                p = [self.event_sentence(src, et, target=r.choice([self.sa, self.sb]))]
            elif kind == "event":
                src = r.choice([self.A, self.B, self.PA, self.C])
                p = [self.event_sentence(src, target=self.sb if src in (self.A, self.PA) else self.sa)]
            elif kind == "conditional":
                p = [self.event_sentence(r.choice([self.A, self.B, self.O]), r.choice(TYPES),
                                         mode=r.choice(["cond", "unless", "neg", "future", "denied"]))]
            elif kind == "history":
                when = rel_date(r, self.pub, "past")[0]
                p = [self.event_sentence(r.choice([self.A, self.B, self.C]), r.choice(TYPES), when=when,
                                         mode=r.choice(["plain", "plain_front"]))]
            elif kind == "background":
                p = [self.background()]
            else:
                qps = self.quote_paragraphs(kind.split("_")[1])
                for q in qps[:-1]:
                    paras.append(q)
                p = [qps[-1]]
                if len(qps) > 1 or r.random() < 0.6:
                    paras.append(p[0])
                    continue
            # Grow the paragraph toward its word budget.
            while len(" ".join(p).split()) < per_para * r.uniform(0.8, 1.2):
                add = r.random()
                if add < 0.6:
                    p.append(self.background())
                elif add < 0.85:
                    p.append(self.event_sentence(r.choice([self.A, self.B, self.C, self.O]), r.choice(TYPES),
                                                 target=r.choice([self.sa, self.sb, self.sc])))
                else:
                    p.append(self.dedup(lambda: r.choice([
                        f"{self.sb[2]} officials described the {r.choice(HEAD_NOUN[self.main])} as a {self.scare()} step that changed nothing.",
                        f"{cap(self.sa[0])} has framed its actions as a response to what it calls {self.sb[2]} {self.scare('noun')}.",
                        f"The government in {self.sa[1]} insists the mission is purely {self.scare()}.",
                        f"Opposition politicians in {self.sb[1]} mocked what they called the {self.scare('noun')} on offer."])))
                if len(p) > 5:
                    break
            paras.append(" ".join(p))

        # Adjust to the word window.
        def count():
            return sum(len(x.split()) for x in paras)

        while count() < 250:
            i = r.randrange(1, len(paras))
            paras[i] += " " + self.background()
        while count() > 1150 and len(paras) > 6:
            paras.pop(r.randrange(2, len(paras)))
        while count() > 1150:
            i = max(range(len(paras)), key=lambda k: len(paras[k]))
            sents = paras[i].split(". ")
            if len(sents) < 2:
                break
            paras[i] = ". ".join(sents[:-1]) + "."
        return paras


def make_article(seed: int, rnd: int, index: int, ident: str, start: dt.date, span_days: int) -> dict:
    rng = random.Random(f"pactwatch-synth/{seed}/{rnd}/{index}")
    pub = start + dt.timedelta(days=rng.randrange(span_days))
    art = Article(rng, pub)
    outlet = rng.choice(OUTLETS)
    title = art.headline()
    paras = art.build()
    # Occasional boilerplate lines (about a fifth of articles).
    if rng.random() < 0.2:
        for _ in range(rng.randint(1, 3)):
            if len(paras) < 20:
                paras.insert(rng.randrange(1, len(paras) + 1), art.boilerplate(outlet))
        if rng.random() < 0.3 and len(paras) <= 18:
            slogan = f"{outlet} | {rng.choice(SLOGANS)}"
            paras.insert(0, slogan)
            paras.append(slogan)
    return {"id": ident, "published": pub.isoformat(), "title": title, "outlet": outlet,
            "text": "\n\n".join(paras)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000, help="articles per round (default 2000)")
    ap.add_argument("--out", default="bench/corpus.jsonl", help="output JSONL path, '-' for stdout")
    ap.add_argument("--seed", type=int, default=7, help="base seed (default 7)")
    ap.add_argument("--scale", type=int, default=1, help="repeat K rounds with derived seeds (default 1)")
    ap.add_argument("--start", default="2015-01-01", help="earliest publication date (default 2015-01-01)")
    ap.add_argument("--end", default="2024-12-31", help="latest publication date (default 2024-12-31)")
    ap.add_argument("--stats", action="store_true", help="print word-count statistics to stderr")
    args = ap.parse_args(argv)
    if args.articles < 0 or args.scale < 1:
        ap.error("--articles must be >= 0 and --scale >= 1")
    start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    span = (end - start).days + 1
    if span < 1:
        ap.error("--end must not be before --start")
    total = args.articles * args.scale
    width = max(5, len(str(total)))
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="\n")
    n = 0
    wsum = wmin = wmax = 0
    psum = 0
    try:
        for rnd in range(args.scale):
            seed = args.seed + rnd * 1_000_003
            for i in range(args.articles):
                n += 1
                rec = make_article(seed, rnd, i, f"synth-{n:0{width}d}", start, span)
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                if args.stats:
                    w = len(rec["text"].split())
                    wsum += w
                    wmin = w if n == 1 else min(wmin, w)
                    wmax = max(wmax, w)
                    psum += rec["text"].count("\n\n") + 1
    finally:
        if out is not sys.stdout:
            out.close()
    if args.stats and n:
        print(f"{n} articles; words mean {wsum / n:.0f}, min {wmin}, max {wmax}; "
              f"paragraphs mean {psum / n:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
