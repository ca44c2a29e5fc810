"""Word lists and sentence templates of the synthetic live blog (bench/corpus.py).

Templates are `str.format` strings. A slot a post fixes (its city, its numbers) comes from the topic's
facts; any other slot is drawn afresh each time it appears, so posts of one template still differ in
their details. Canonical text uses curly quotes and the spellings Zelensky, Kim Jong Un and Kyiv; the
edits in corpus.py switch them.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable


def _w(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split("|"))


FIRST = _w("Olena|Andriy|Oksana|Dmytro|Iryna|Serhiy|Natalia|Oleksandr|Yulia|Mykola|Kateryna|Vasyl|Tetiana|Yuriy|"
           "Halyna|Ihor|Svitlana|Bohdan|Larysa|Taras|Maria|Pavlo|Viktoria|Roman|Anna|Maksym|Hanna|Vitaliy|Daria|Oleh|"
           "Sophie|James|Claire|Thomas|Laura|Martin|Elena|Marco|Ingrid|Piotr|Agnieszka|Tomas|Kristina|Lars|Annika|"
           "Jonas|Petra|Pierre|Camille|Miguel|Lucia|Daniel|Sarah|Michael|Emma|David|Rachel|Peter|Hannah|Stefan|"
           "Yevhen|Liudmyla|Artem|Zoriana|Kostiantyn|Nadiia|Volodymyr|Inna|Rostyslav|Alina")
LAST = _w("Kovalenko|Bondarenko|Tkachenko|Kravchenko|Shevchuk|Melnyk|Boyko|Koval|Oliynyk|Lysenko|Marchenko|Savchenko|"
          "Rudenko|Moroz|Pavlenko|Petrenko|Kushnir|Ivanchuk|Hrytsenko|Zinchenko|Tymoshchuk|Yaremchuk|Dovzhenko|"
          "Sydorenko|Karpenko|Polishchuk|Honchar|Kostenko|Levchenko|Prokopenko|Nowak|Kowalski|Wisniewski|Lindqvist|"
          "Berger|Schneider|Fischer|Weber|Dubois|Moreau|Laurent|Rossi|Bianchi|Ferrari|Novak|Horvat|Kazlauskas|Jansen|"
          "Andersen|Nielsen|Virtanen|Korhonen|Tamm|Ozols|Berzins|Popescu|Ionescu|Walsh|Hughes|Bennett|Carter|Foster|"
          "Hayes|Reid|Marsh|Holloway|Ashworth|Pemberton|Hnatiuk|Fedorchuk|Semenko|Bilous|Chornovol|Hordiienko")
RU_FIRST = _w("Sergei|Alexei|Dmitri|Nikolai|Igor|Vladimir|Andrei|Yuri|Mikhail|Pavel|Oleg|Viktor|Anton|Denis|Kirill|"
              "Ruslan|Valery|Gennady|Svetlana|Irina|Yelena|Olga|Tatyana|Marina")
RU_LAST = _w("Volkov|Sokolov|Morozov|Lebedev|Kozlov|Novikov|Orlov|Zaitsev|Belov|Gusev|Tarasov|Frolov|Karpov|Medvedev|"
             "Yegorov|Nikitin|Sorokin|Kuzmin|Vinogradov|Bogdanov|Fyodorov|Zhukov|Komarov|Kiselyov")
REGIONS = _w("Kharkiv|Sumy|Chernihiv|Kyiv|Odesa|Mykolaiv|Kherson|Zaporizhzhia|Dnipropetrovsk|Donetsk|Poltava|Cherkasy|"
             "Vinnytsia|Zhytomyr|Lviv|Rivne|Khmelnytskyi|Kirovohrad|Volyn|Ivano-Frankivsk|Ternopil")
CITIES = {  # city: region
    "Kharkiv": "Kharkiv", "Kupiansk": "Kharkiv", "Izium": "Kharkiv", "Chuhuiv": "Kharkiv", "Lozova": "Kharkiv",
    "Sumy": "Sumy", "Okhtyrka": "Sumy", "Shostka": "Sumy", "Konotop": "Sumy", "Romny": "Sumy",
    "Chernihiv": "Chernihiv", "Nizhyn": "Chernihiv", "Pryluky": "Chernihiv",
    "Kyiv": "Kyiv", "Bila Tserkva": "Kyiv", "Brovary": "Kyiv", "Boryspil": "Kyiv", "Fastiv": "Kyiv", "Irpin": "Kyiv",
    "Odesa": "Odesa", "Izmail": "Odesa", "Chornomorsk": "Odesa", "Pivdennyi": "Odesa",
    "Mykolaiv": "Mykolaiv", "Ochakiv": "Mykolaiv", "Kherson": "Kherson", "Beryslav": "Kherson",
    "Zaporizhzhia": "Zaporizhzhia", "Orikhiv": "Zaporizhzhia", "Huliaipole": "Zaporizhzhia",
    "Dnipro": "Dnipropetrovsk", "Kryvyi Rih": "Dnipropetrovsk", "Nikopol": "Dnipropetrovsk",
    "Pavlohrad": "Dnipropetrovsk", "Marhanets": "Dnipropetrovsk",
    "Kramatorsk": "Donetsk", "Sloviansk": "Donetsk", "Pokrovsk": "Donetsk", "Kostiantynivka": "Donetsk",
    "Druzhkivka": "Donetsk", "Myrnohrad": "Donetsk", "Toretsk": "Donetsk", "Chasiv Yar": "Donetsk",
    "Poltava": "Poltava", "Kremenchuk": "Poltava", "Myrhorod": "Poltava", "Cherkasy": "Cherkasy", "Uman": "Cherkasy",
    "Vinnytsia": "Vinnytsia", "Zhytomyr": "Zhytomyr", "Korosten": "Zhytomyr", "Lviv": "Lviv", "Stryi": "Lviv",
    "Rivne": "Rivne", "Khmelnytskyi": "Khmelnytskyi", "Starokostiantyniv": "Khmelnytskyi",
    "Kropyvnytskyi": "Kirovohrad", "Lutsk": "Volyn", "Kovel": "Volyn", "Ivano-Frankivsk": "Ivano-Frankivsk",
    "Burshtyn": "Ivano-Frankivsk", "Ternopil": "Ternopil",
}
FRONT_TOWNS = _w("Pokrovsk|Kurakhove|Toretsk|Chasiv Yar|Kupiansk|Vuhledar|Siversk|Lyman|Velyka Novosilka|Huliaipole|"
                 "Orikhiv|Myrnohrad|Kostiantynivka|Borova|Vovchansk|Hlushkove")
FRONT_REGIONS = _w("Donetsk|Kharkiv|Zaporizhzhia|Luhansk|Kursk")
RU_REGIONS = _w("Kursk|Belgorod|Bryansk|Voronezh|Rostov|Krasnodar|Tula|Moscow|Saratov|Tambov|Lipetsk|Oryol|"
                "Smolensk|Volgograd|Tatarstan|Kaluga|Ryazan|Nizhny Novgorod")
RU_CITIES = _w("Yekaterinburg|Novosibirsk|Kazan|Samara|Omsk|Chelyabinsk|Perm|Ufa|Krasnoyarsk|Tver|Yaroslavl|Irkutsk|"
               "Khabarovsk|Vladivostok|Tomsk|Kemerovo|Penza|Astrakhan|Murmansk|Sevastopol")
VILLAGE_START = _w("Novo|Staro|Krasno|Velyka_|Mala_|Verkhnia_|Nyzhnia_|Zelenyi_|Pishchane_|Kamianka-|Ivano-|Petro-")
"""`_` stands for a space: the name's second word is capitalised, as after a hyphen."""
VILLAGE_ROOT = _w("oleksandr|mykhail|petr|ivan|hryhor|andri|pavl|semen|kalyn|berez|dub|lypov|sosn|ozer|zelen|"
                  "vasyl|heorhi|mariin|kostiant|dmytr|yelyzavet|bohdan|stepan|trud|shevchenk|uspen|pokrov|mykol")
VILLAGE_END = _w("ivka|ove|ske|ivske|ynivka|opil|ohrad|any|ychi|yne|ivtsi|ivka Druha")
COUNTRIES = {  # country: capital
    "Germany": "Berlin", "France": "Paris", "Britain": "London", "Poland": "Warsaw", "the Netherlands": "The Hague",
    "Denmark": "Copenhagen", "Sweden": "Stockholm", "Norway": "Oslo", "Finland": "Helsinki", "Canada": "Ottawa",
    "Japan": "Tokyo", "Italy": "Rome", "Spain": "Madrid", "Belgium": "Brussels", "the Czech Republic": "Prague",
    "Lithuania": "Vilnius", "Latvia": "Riga", "Estonia": "Tallinn", "Portugal": "Lisbon", "Ireland": "Dublin",
    "Slovakia": "Bratislava", "Romania": "Bucharest", "Bulgaria": "Sofia", "Greece": "Athens",
    "Australia": "Canberra", "South Korea": "Seoul", "New Zealand": "Wellington", "Iceland": "Reykjavik",
    "Luxembourg": "Luxembourg", "Croatia": "Zagreb", "Slovenia": "Ljubljana", "Moldova": "Chisinau",
}
NATIONALITIES = _w("Belarusian|Russian|Ukrainian|Moldovan|Georgian|Polish|German|Lithuanian|Latvian|Kazakh|"
                   "Armenian|Uzbek")
ROLES = _w("foreign minister|defence minister|prime minister|interior minister|energy minister|economy minister|"
           "deputy foreign minister|deputy defence minister|ambassador to Kyiv|national security adviser|"
           "parliamentary speaker|head of the presidential office|ombudsman for human rights|deputy prime minister")
UA_ROLES = _w("head of the regional military administration|mayor|deputy mayor|police chief|regional prosecutor|"
              "head of the city military administration|emergency service spokesperson|regional council head")
JOBS = _w("teacher|nurse|bus driver|engineer|shop owner|farmer|volunteer|paramedic|electrician|pensioner|"
          "student|baker|firefighter|surgeon|librarian|railway worker|miner|pharmacist|priest|taxi driver|"
          "welder|accountant|vet|postwoman|crane operator|school caretaker")
TARGETS = _w("a five-storey apartment block|a supermarket|a school|a kindergarten|a petrol station|a power substation|"
             "a grain warehouse|an administrative building|a hospital wing|a railway depot|several private houses|"
             "a car repair shop|a boiler house|a sports centre|a church|a post office|a farm building|a row of garages|"
             "a shopping centre|a business centre|a gas pipeline|a hotel|a pharmacy|a bus station|a water pumping station|"
             "a printing house|a furniture factory|a university building|a dormitory|an industrial site|a port warehouse|"
             "a fire station|a bakery|a dental clinic|a market|a bridge|a heating plant|a logistics centre")
WEAPONS = _w("Shahed drones|glide bombs|ballistic missiles|cruise missiles|Iskander missiles|Kh-101 cruise missiles|"
             "guided aerial bombs|artillery shells|multiple rocket launchers|Lancet drones|first-person-view drones|"
             "S-300 missiles|Kinzhal missiles|Smerch rockets")
MISSILES = _w("ballistic|cruise|Iskander-M|Kh-101|Kh-59|Kinzhal|Kalibr|S-300")
AID_ITEMS = _w("air defence systems|artillery shells|armoured vehicles|demining equipment|generators|reconnaissance drones|"
               "howitzers|anti-tank weapons|winter clothing|radar systems|medical supplies|Patriot interceptors|"
               "mobile heating stations|electronic warfare kits|pilot training|long-range drones|military trucks|"
               "engineering vehicles|night-vision goggles|field hospitals|coastal defence missiles|mine-clearing boats")
ORGS = _w("Nato|the EU|the G7|the UN|the IAEA|the OSCE|the International Committee of the Red Cross|the Council of Europe|"
          "the International Criminal Court|the World Bank|the IMF|UNESCO|the World Health Organization")
OUTLETS = _w("local media|state television|the Ukrainska Pravda news site|Suspilne, the public broadcaster|"
             "a regional Telegram channel|the Interfax-Ukraine agency|reporters|the Ukrinform agency|journalists")
WEEKDAYS = _w("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
MONTHS = _w("January|February|March|April|May|June|July|August|September|October|November|December")
ORDINALS = _w("second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|fifteenth|twentieth")
QUOTES = _w("We heard the drone for about a minute before it hit|There is nothing left of the shop|"
            "We will rebuild, we always do|The children are sleeping in the corridor again|"
            "Nobody slept last night|I have lived here for forty years and I am not leaving|"
            "The whole street shook|We need air defence, not words|The windows came in on top of us|"
            "My neighbours pulled me out of the rubble|We were lucky this time|"
            "Every night it is the same, the sirens and then the explosions|We keep working because the front needs us|"
            "The water came back this morning but the power is still off|I counted six explosions|"
            "They hit the same place twice|The school year will start online again|"
            "Our volunteers were there within ten minutes|We are tired but we are not afraid|"
            "This is the third time our building has been damaged")
DIRECTIONS = _w("north|south|east|west|north-east|north-west|south-east|south-west")
STATES = _w("tense|difficult but under control|calm|critical|stable|very hard|unchanged")
UNITS = _w("The 47th Mechanised Brigade|The 93rd Brigade|The 3rd Assault Brigade|The National Guard|"
           "The 110th Brigade|The 25th Airborne Brigade|The Khortytsia group of forces|The 59th Brigade|"
           "The 24th Mechanised Brigade|The 68th Jaeger Brigade|The border guard service|The 155th Brigade")
VARIANTS = (("Zelensky", "Zelenskyy"), ("Kim Jong Un", "Kim Jong-un"), ("Kyiv", "Kiev"))
"""Canonical spelling and the variant an edit switches it to."""
STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
SYNONYMS = {
    "said": "stated", "told": "informed", "people": "residents", "attack": "assault", "officials": "authorities",
    "including": "among them", "damaged": "hit", "injured": "wounded", "announced": "unveiled", "about": "around",
    "more than": "over", "reported": "said", "troops": "soldiers", "forces": "units", "city": "town",
    "overnight": "during the night", "regional": "local", "added": "went on to say", "destroyed": "downed",
}
"""An agency copy rewords a paragraph with these."""


ALTERNATIVES = re.compile(r"\[([^\[\]]+)\]")


def straighten(text: str) -> str:
    return text.translate(STRAIGHT)


def _number(n: int) -> str:
    return f"{n:,}"


@dataclass(frozen=True)
class Topic:
    """A kind of post: its headlines (three ways of saying it), first paragraphs and further sentences."""

    name: str
    weight: float
    headlines: tuple[str, ...]
    first: tuple[str, ...]
    more: tuple[str, ...]
    facts: Callable[["Slots"], dict]


class _Filler(dict):
    def __init__(self, slots: "Slots", facts: dict):
        super().__init__(facts)
        self.slots = slots

    def __missing__(self, key: str) -> str:
        return self.slots.draw(key.rstrip("0123456789"))


class Slots:
    """Draws slot values from the word lists with the corpus's random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.governors = {r: f"{rng.choice(FIRST)} {rng.choice(LAST)}" for r in REGIONS}
        self.draws: dict[str, Callable[[], str]] = {
            "person": lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "ru_person": lambda: f"{rng.choice(RU_FIRST)} {rng.choice(RU_LAST)}",
            "official": lambda: f"{rng.choice(ROLES)} {rng.choice(FIRST)} {rng.choice(LAST)}",
            "ua_official": lambda: f"the {rng.choice(UA_ROLES)}, {rng.choice(FIRST)} {rng.choice(LAST)},",
            "city": lambda: rng.choice(tuple(CITIES)), "region": lambda: rng.choice(REGIONS),
            "village": self.village, "town": lambda: rng.choice(FRONT_TOWNS),
            "ru_region": lambda: rng.choice(RU_REGIONS), "ru_city": lambda: rng.choice(RU_CITIES),
            "country": lambda: rng.choice(tuple(COUNTRIES)), "capital": lambda: rng.choice(tuple(COUNTRIES.values())),
            "nationality": lambda: rng.choice(NATIONALITIES), "org": lambda: rng.choice(ORGS),
            "job": lambda: rng.choice(JOBS), "target": lambda: rng.choice(TARGETS),
            "weapon": lambda: rng.choice(WEAPONS), "missile": lambda: rng.choice(MISSILES),
            "aid": lambda: rng.choice(AID_ITEMS), "outlet": lambda: rng.choice(OUTLETS),
            "weekday": lambda: rng.choice(WEEKDAYS), "month": lambda: rng.choice(MONTHS),
            "ordinal": lambda: rng.choice(ORDINALS), "quote": lambda: rng.choice(QUOTES),
            "direction": lambda: rng.choice(DIRECTIONS), "state": lambda: rng.choice(STATES),
            "unit": lambda: rng.choice(UNITS), "initial": lambda: f"{rng.choice(RU_FIRST)} {rng.choice('BDKMNSTVZ')}.",
            "small": lambda: str(rng.randint(2, 9)), "n": lambda: str(rng.randint(10, 90)),
            "age": lambda: str(rng.randint(19, 84)), "km": lambda: str(rng.randint(3, 40)),
            "hours": lambda: str(rng.randint(2, 11)), "years": lambda: str(rng.randint(6, 20)),
            "big": lambda: _number(rng.randint(12, 480) * 100), "money": self.money,
            "percent": lambda: str(rng.randint(5, 95)), 
            "agenda": lambda: rng.choice(AGENDAS).replace("{city}", rng.choice(tuple(CITIES))),
        }

    def draw(self, slot: str) -> str:
        return self.draws[slot]()

    def village(self) -> str:
        rng = self.rng
        start, root = rng.choice(VILLAGE_START), rng.choice(VILLAGE_ROOT) + rng.choice(VILLAGE_END)
        if start[-1] in "_-":
            return start.replace("_", " ") + root[0].upper() + root[1:]
        return start + root

    def money(self) -> str:
        rng = self.rng
        if rng.random() < 0.8:
            return f"{rng.choice('€$£')}{rng.randint(12, 990)}m"
        return f"{rng.choice('€$£')}{rng.randint(1, 9)}.{rng.randint(1, 9)}bn"

    def fill(self, template: str, **facts) -> str:
        """The template filled in, its first letter capitalised (`the Netherlands` opening a headline).

        `[a|b|c]` in a template is one of a, b and c.
        """
        template = ALTERNATIVES.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        text = template.format_map(_Filler(self, facts))
        return text[0].upper() + text[1:]

    def facts(self, topic: Topic) -> dict:
        return topic.facts(self)

    def card(self) -> tuple[str, str]:
        facts = {"person": self.draw("person"), "city": self.draw("city"), "age": self.draw("age")}
        title, description = self.rng.choice(CARDS)
        return self.fill(title, **facts), self.fill(description, **facts)

    def bare(self, day: int) -> str:
        when = date(2024, 1, 1) + timedelta(days=day)
        return self.fill(self.rng.choice(BARE), when=f"{when.day} {MONTHS[when.month - 1]}",
                         war_day=str((when - date(2022, 2, 24)).days + 1))


def _air(s: Slots) -> dict:
    rng = s.rng
    n = rng.randint(24, 190)
    k = rng.randint(n // 2, n * 9 // 10)
    region, region2 = rng.sample(REGIONS, 2)
    return {"n": str(n), "k": str(k), "lost": str(rng.randint(1, n - k)), "m": str(rng.randint(0, 9)),
            "r": str(rng.randint(3, 14)), "region": region, "region2": region2, "governor": s.governors[region]}


def _strike(s: Slots) -> dict:
    rng = s.rng
    city = rng.choice(tuple(CITIES))
    killed = rng.randint(1, 14)
    return {"city": city, "region": CITIES[city], "governor": s.governors[CITIES[city]], "killed": str(killed),
            "wounded": str(killed + rng.randint(2, 40)), "weapon": rng.choice(WEAPONS), "target": rng.choice(TARGETS)}


def _front(s: Slots) -> dict:
    rng = s.rng
    return {"village": s.village(), "town": rng.choice(FRONT_TOWNS), "oblast": rng.choice(FRONT_REGIONS),
            "km": str(rng.randint(3, 35)), "assaults": str(rng.randint(12, 160))}


def _aid(s: Slots) -> dict:
    rng = s.rng
    country, country2 = rng.sample(tuple(COUNTRIES), 2)
    aid, aid2 = rng.sample(AID_ITEMS, 2)
    return {"country": country, "country2": country2, "capital": COUNTRIES[country], "money": s.money(),
            "aid": aid, "aid2": aid2, "minister": f"{rng.choice(FIRST)} {rng.choice(LAST)}"}


def _spies(s: Slots) -> dict:
    rng = s.rng
    country = rng.choice(tuple(COUNTRIES)[:25])
    return {"country": country, "capital": COUNTRIES[country], "count": rng.choice(("two", "three", "four", "five")),
            "nationality": rng.choice(NATIONALITIES), "person": s.draw("ru_person"), "age": s.draw("age"),
            "job": rng.choice(JOBS), "years": s.draw("years"), "ru_city": rng.choice(RU_CITIES)}


def _korea(s: Slots) -> dict:
    rng = s.rng
    return {"big": _number(rng.randint(30, 140) * 100), "n": str(rng.randint(40, 900)),
            "ru_person": s.draw("ru_person"), "ru_region": rng.choice(RU_REGIONS)}


def _diplomacy(s: Slots) -> dict:
    rng = s.rng
    country = rng.choice(tuple(COUNTRIES))
    return {"country": country, "capital": COUNTRIES[country], "guest": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "role": rng.choice(ROLES), "ordinal": rng.choice(ORDINALS), "org": rng.choice(ORGS)}


def _energy(s: Slots) -> dict:
    rng = s.rng
    city = rng.choice(tuple(CITIES))
    return {"city": city, "region": CITIES[city], "households": _number(rng.randint(8, 600) * 100),
            "hours": str(rng.randint(2, 16)), "regions": str(rng.randint(3, 18))}


def _swap(s: Slots) -> dict:
    rng = s.rng
    return {"n": str(rng.randint(6, 250)), "mediator": rng.choice(("the United Arab Emirates", "Turkey", "Qatar",
                                                                   "Saudi Arabia", "the Vatican")),
            "ru_n": str(rng.randint(6, 250))}


TOPICS = (
    Topic("air", 5, (
        "Russia launched {n} drones overnight, {k} shot down over {region} and {region2}",
        "Ukraine says it shot down {k} of {n} Russian drones overnight",
        "Air defences down {k} drones as Russia targets {region} and {region2} regions",
        "Overnight attack: {n} drones and {m} missiles launched at Ukraine, air force says",
    ), (
        "Ukraine\u2019s air force [said|reported] Russia launched {n} [Shahed-type attack|Geran] drones and {m} "
        "{missile} missiles [overnight|during the night], and that [air defences|mobile fire groups] brought down "
        "{k} of the drones over {r} regions, [including|among them] {region} and {region2}.",
        "Russia attacked {r} regions [overnight|before dawn] with {n} drones and {m} {missile} missiles, the air force "
        "[said|reported] on {weekday}, adding that {k} drones were [shot down|destroyed], [most|many] of them over "
        "{region} and {region2}.",
        "Air defences destroyed {k} of the {n} drones Russia launched [overnight|on {weekday} night] from "
        "{ru_region} and {ru_region2}, the air force said, with {m} {missile} missiles [aimed at|fired towards] "
        "{region} and {region2}.",
    ), (
        "In {city}, falling debris damaged {target} and {target2}, {governor}, the head of the {region} "
        "[regional military administration|region], [said on Telegram|wrote on Telegram|told {outlet}].",
        "Air raid alerts sounded across the {region2} region for [almost|more than] {hours} hours, and residents "
        "of {city} [spent the night in shelters|slept in metro stations|sheltered in corridors].",
        "{governor} said {small} people had been [hurt|injured|wounded] in the {region} region, {small2} of them "
        "[seriously|in hospital].",
        "Russia\u2019s defence ministry said it had downed {n2} Ukrainian drones over the {ru_region} and "
        "{ru_region2} regions [during the same night|by {weekday} morning].",
    ), _air),
    Topic("strike", 4, (
        "{killed} killed in Russian {weapon} strike on {city}",
        "Russian strike on {city} kills {killed} and wounds {wounded}, officials say",
        "{city}: death toll from {weapon} attack rises to {killed}",
        "Rescuers search rubble in {city} after deadly Russian attack",
    ), (
        "At least {killed} people were killed and {wounded} [injured|wounded] when Russian {weapon} hit {target} "
        "in {city} [on {weekday}|overnight|at about {hours} in the morning], {governor} said.",
        "A Russian attack on {city} has killed {killed} people and wounded {wounded}, [regional officials|"
        "{governor}|the {region} prosecutor\u2019s office] said, after {weapon} struck {target} [in the centre|on "
        "the outskirts|in the {direction}] of the city.",
        "The death toll from a Russian strike on {target} in {city} has risen to {killed}, with {wounded} people "
        "[injured|hurt], {governor} said on {weekday} as rescuers searched {target2}.",
    ), (
        "Emergency workers in {city} were still [clearing rubble from|searching] {target2} on {weekday} "
        "[morning|evening].",
        "Among the injured were {small} children, {governor} said, adding that {small2} people [remained in "
        "hospital|were in a serious condition].",
        "\u201c{quote},\u201d {person}, a {age}-year-old {job} who lives nearby, told {outlet}.",
        "Photographs from {city} showed {target2} with its windows blown out and {small} cars burning [in the "
        "street|in a car park].",
        "The {region} region declared {weekday2} a day of mourning for the {killed} victims.",
    ), _strike),
    Topic("front", 4, (
        "Russia claims capture of {village} in {oblast} region",
        "Moscow says its troops have taken {village} near {town}",
        "Ukraine denies losing {village} as fighting near {town} intensifies",
        "Russian forces edge closer to {town} after taking {village}, Moscow says",
    ), (
        "Russia\u2019s defence ministry said its forces had [captured|taken|seized] the village of {village} in the "
        "{oblast} region, about {km} kilometres {direction} of {town}, after {assaults} assaults since {month}.",
        "Russian troops have taken {village}, a village {km} kilometres {direction} of {town}, Moscow\u2019s "
        "defence ministry said on {weekday}, crediting {unit} of its {oblast} group.",
        "Ukrainian commanders denied that {village}, {km} kilometres {direction} of {town}, had fallen, saying "
        "[their troops still held|{unit} still held|soldiers kept] positions on its {direction2} edge.",
    ), (
        "Ukraine\u2019s general staff said its troops had repelled {assaults} Russian assaults in the past "
        "[day|24 hours], the most near {town}.",
        "Military bloggers [on both sides|in Moscow|in Kyiv] said fighting around {village2} and {village3} had "
        "[intensified|eased] over the past {small} days.",
        "{unit} said its soldiers had destroyed {small} armoured vehicles and {small2} artillery systems near "
        "{village2}.",
        "[Analysts|Open-source researchers|Monitoring groups] said geolocated footage showed Russian forces "
        "[advancing|digging in] {direction} of {village2}.",
        "{town}, which had a pre-war population of about {big}, has been shelled [every day|almost daily] for "
        "{small} months.",
        "Commander in chief Oleksandr Syrskyi said the situation near {town} remained {state}.",
    ), _front),
    Topic("aid", 3, (
        "{country} pledges {money} in military aid for Ukraine",
        "{country} to send {aid} to Ukraine in new {money} package",
        "New {country} aid package includes {aid} and {aid2}",
        "{country} and {country2} announce joint deal on {aid} for Kyiv",
    ), (
        "{country}\u2019s defence minister {minister} announced a new military aid package worth {money}, "
        "[including|with] {aid} and {aid2}, [on {weekday}|during a visit to {city}|in {capital}].",
        "{country} will send {aid} and {aid2} to Ukraine [as part of|in] a {money} package, its [government|"
        "defence ministry|prime minister] said on {weekday}.",
        "Speaking in {capital}, {minister} said {country} would [fund|pay for] {aid} for Ukraine together with "
        "{country2}, in a deal worth {money}.",
    ), (
        "It is the {ordinal} package {country} has announced since [the full-scale invasion began|February 2022].",
        "Deliveries are expected to begin in {month}, {official} told reporters in {capital}.",
        "Zelensky thanked {country} on social media, saying the {aid} would \u201csave lives\u201d in {region} "
        "and other frontline regions.",
        "Ukraine has [repeatedly|often] asked [its allies|{country2}|{org}] for more {aid2} as Russia steps up its "
        "attacks on {region}.",
        "{minister} said the package had been agreed with {country2} and would be paid for [partly|in part|largely] "
        "from frozen Russian assets.",
    ), _aid),
    Topic("spies", 2, (
        "{country} charges {count} men over alleged spying for Russia",
        "{country} arrests {nationality} suspected of plotting sabotage for Moscow",
        "Russian court jails {job} for {years} years for treason",
        "Espionage case in {country}: {count} suspects accused of working for Russian intelligence",
    ), (
        "Prosecutors in {capital} have charged {count} men, aged {age} and {age2}, accused of working for Russian "
        "[intelligence|military intelligence|the FSB] since {month}, the {ordinal} espionage case in {country} "
        "this year.",
        "Police in {country} have arrested a {age}-year-old {nationality} {job} suspected of plotting arson attacks "
        "on {target} for Moscow, prosecutors in {capital} said on {weekday}.",
        "A court in {ru_city} has sentenced {person}, a {age}-year-old {job}, to {years} years in a [high-security|"
        "strict-regime] penal colony for treason.",
    ), (
        "A {age2}-year-old {nationality}, identified only as {initial} under local privacy rules, is accused of "
        "photographing {target} and [a military airfield|a railway junction|army barracks] near {city}.",
        "Investigators say the suspects were paid about {money} in [cryptocurrency|cash] for [the work|{small} "
        "jobs].",
        "The FSB said the defendant had sent {money} to a charity in {city} that buys {aid} for the army.",
        "The suspects face up to {years} years in prison if convicted, [prosecutors|the court] said.",
        "{country} has expelled {small} Russian diplomats [this year|since {month}] over what it calls hostile "
        "intelligence activity.",
    ), _spies),
    Topic("korea", 2, (
        "{big} North Korean troops now in Kursk, says Ukrainian intelligence",
        "Kim Jong Un pledges \u2018unwavering\u2019 support for Moscow as {ru_person} visits Pyongyang",
        "South Korea says North Korean soldiers have suffered {n} casualties in Kursk",
        "Ukraine says it has captured North Korean soldiers in the {ru_region} region",
    ), (
        "Ukraine\u2019s [military intelligence agency|HUR intelligence service] said about {big} North Korean "
        "soldiers were now [deployed|based] in the {ru_region} region, {n} of them near {village}, [fighting "
        "alongside|under the command of] {ru_person}\u2019s [marines|paratroopers|motorised brigade].",
        "[Kim Jong Un|The North Korean leader, Kim Jong Un,] [has told|told] {ru_person}, [visiting|in] Pyongyang "
        "with {n} [officials|delegates] from the {ru_region} region, that his country [will stand by|backs] Moscow "
        "\u201c[until victory|to the end|in every way]\u201d, [state media|the KCNA agency] reported on {weekday}.",
        "South Korea\u2019s [spy agency|National Intelligence Service] told [lawmakers|a parliamentary committee] "
        "in Seoul on {weekday} that at least {n} North Korean soldiers had been killed and {n2} wounded near "
        "{village} in the {ru_region} region [since {month}|in {small} weeks].",
    ), (
        "The [agency|service] said the troops had been [given|issued] Russian uniforms and [identity papers|"
        "passports] from the {ru_region2} region [in {month}|before their deployment|at {ru_city}].",
        "Zelensky said [Kyiv|Ukraine] was ready to hand over {small} captured North Korean soldiers to Kim Jong Un "
        "[in exchange for|if Moscow freed] [Ukrainians|{n2} Ukrainians|civilians] held in the {ru_region2} region.",
        "{person}, a researcher at a [Seoul|Tokyo|Washington] think tank, said the troops were being [rotated|"
        "replaced] every {small} weeks [and paid about {money} a month|by fresh units from {ru_region2}].",
        "Ukrainian drone units near {village} said they had filmed [columns|groups of {n2}] North Korean "
        "[infantry|soldiers] [on {weekday}|near {village2}|crossing fields at dawn].",
        "The soldiers are thought to have [trained|spent] {small} weeks at [ranges|camps] in the {ru_region2} "
        "region [before moving to {village}|under Russian instructors|with {unit}].",
        "{official} said {country} would [raise|discuss] the deployment at {org} [in {month}|next week].",
        "Satellite images from {month} showed [{n2} railway wagons|ships] carrying North Korean shells towards "
        "{ru_city}, [according to|said] {person} of a [Washington|Seoul|London] think tank.",
        "[Seoul|Tokyo|Washington] [warned|said] that Moscow could [pass|sell] [missile|satellite|submarine|"
        "drone] technology to Pyongyang in return for the {big} troops, [{official} said|citing {outlet}].",
    ), _korea),
    Topic("diplomacy", 3, (
        "Zelensky meets {guest} in {capital} to discuss security guarantees",
        "{country} summons Russian ambassador over airspace violation",
        "EU agrees {ordinal} sanctions package against Russia",
        "{guest} arrives in Kyiv on unannounced visit",
    ), (
        "President Zelensky met {country}\u2019s {role} {guest} in {capital} on {weekday}, [his office said|"
        "according to his office|the presidency said], with {agenda} [at the top of the agenda|on the table].",
        "{country}\u2019s {role} {guest} arrived in Kyiv by overnight train from {city} on {weekday}, bringing "
        "{n} officials and a pledge of {aid} for the {region} region.",
        "EU [ambassadors|governments] have [approved|agreed] the {ordinal} package of sanctions against Russia, "
        "targeting {n} [tankers of its shadow fleet|ships and port operators] and {n2} firms in {country2} and "
        "[elsewhere|{country3}] accused of supplying {weapon}, [{official} said|diplomats in {capital} said].",
    ), (
        "{guest} said {country} would keep supporting Ukraine \u201c[for as long as it takes|whatever happens]\u201d.",
        "The two sides also discussed {agenda2} and Ukraine\u2019s path to membership of {org}.",
        "{official} said the talks [had been|were] \u201c[frank and useful|difficult but honest|productive]\u201d.",
        "{country} is among the largest donors to Ukraine relative to the size of its economy, [spending|giving] "
        "about {percent} per cent more than last year.",
        "In {capital}, {person} of the opposition said the government should have announced more {aid}.",
    ), _diplomacy),
    Topic("energy", 2, (
        "Power cuts return to {city} after strike on energy site",
        "Ukraine schedules blackouts in {regions} regions after attack on grid",
        "{households} households without power in {region} region",
        "Grid operator warns of long outages as cold snap hits {city}",
    ), (
        "About {households} households in the {region} region were left without electricity after {weapon} hit "
        "{target} near {city} on {weekday}, the grid operator Ukrenergo said, with {hours} hours of outages ahead.",
        "[Ukrenergo|The grid operator] said it would [schedule|impose] rolling blackouts of up to {hours} hours "
        "[a day|daily] in {regions} regions, [including|among them] {region}, after {weekday} strikes on {target} "
        "near {city} [left {small} power plants damaged|cut {households} homes off].",
    ), (
        "Engineers were working to restore supplies, but repairs could take {small} [days|weeks], "
        "[the company|{official}|the energy ministry] said.",
        "Heating was also cut to {small} hospitals and {small2} schools in {city}.",
        "Residents of {city} were asked to [limit their use of|avoid using] kettles, heaters and washing machines "
        "[in the evening|between {small} and {small2} in the evening].",
        "Repair crews from {city2} and {city3} were sent to help, the {region} regional administration said.",
    ), _energy),
    Topic("swap", 1, (
        "{n} Ukrainian prisoners of war return home in exchange with Russia",
        "Russia and Ukraine swap prisoners in deal brokered by {mediator}",
        "Prisoner exchange brings {n} Ukrainian soldiers home",
        "Freed Ukrainian soldiers cross the border as families wait",
    ), (
        "Ukraine and Russia exchanged prisoners of war on {weekday}, with {n} Ukrainians and {ru_n} Russians "
        "returning home [in a deal brokered by|after talks hosted by] {mediator}, [{official} said|officials in "
        "{city} said].",
        "{n} Ukrainian servicemen, {small} of them from {town}, have returned home from captivity in the "
        "{ru_region} region, President Zelensky said on {weekday}, thanking {mediator}.",
    ), (
        "Among those freed were {small} soldiers who defended {town} and {small2} civilians, the coordination "
        "headquarters for prisoners of war said.",
        "{person}, whose son had been held in the {ru_region} region, said she had waited {n2} months for this day.",
        "The exchange was the {ordinal} this year, and {mediator} said another was being prepared for {month}.",
        "Ukraine says more than {big} of its citizens remain in Russian captivity.",
    ), _swap),
)

GENERIC = (
    "{person}, a {age}-year-old {job} from {city}, said the explosions had woken [the whole street|her children|"
    "the neighbourhood].",
    "\u201c{quote},\u201d {person}, a {job} in {city}, told {outlet}.",
    "The head of the {region} regional administration said the situation in {city} remained {state}.",
    "Police in {city} opened a criminal case into what they called a war crime [on {weekday}|after the attack].",
    "{official} is expected in {capital} later this [week|month] for talks with {org}.",
    "Officials in {city} said {small} schools would switch to remote learning [until further notice|for {small2} "
    "weeks].",
    "Volunteers in {city} handed out {big} hot meals over the [weekend|past week], the city council said.",
    "The {region} region has come under fire {n} times in the past {small} days, according to the local prosecutor.",
    "{unit} posted drone footage that it said showed the strike near {village}.",
    "Russian state media reported explosions in the {ru_region} region early on {weekday}.",
    "The governor of Russia\u2019s {ru_region} region said a Ukrainian drone had hit {target} there.",
    "Rail operator Ukrzaliznytsia said {small} trains were delayed after damage to the line near {city}.",
    "The mayor of {city}, {person}, urged residents to stay in shelters until the all-clear.",
    "Local authorities in {city} said they had opened {small} heating points for residents.",
    "In {city}, an evening curfew has been extended by {small} weeks, the regional administration said.",
    "According to {outlet}, at least {small} buildings in {village} were destroyed.",
    "The UN human rights monitoring mission said civilian casualties had risen by {percent} per cent in {month}.",
    "{official} said further talks were planned for {month} in {capital}.",
    "Prosecutors in {region} said they had identified the unit responsible for the strike on {target}.",
    "The strike came hours after Zelensky addressed lawmakers in {capital} by video link.",
    "Residents of {village} were being evacuated to {city}, the regional authorities said.",
    "{person}, who runs a volunteer group in {city}, said demand for generators had [doubled|tripled] since {month}.",
    "Officials in Kyiv said {big} people had been evacuated from frontline areas of the {region} region this year.",
    "Ukraine\u2019s energy ministry said repairs at {target} near {city} would take {small} weeks.",
    "The {ordinal} round of talks in {capital} ended without agreement, diplomats said.",
    "Ukrainian forces say they have shot down more than {big} drones since {month}.",
    "{person}, a spokesperson for {org}, called for an independent investigation.",
    "The city of {city} has been without running water for {small} days.",
    "Satellite images published by a private company showed damage at an airfield in the {ru_region} region.",
)
BACKGROUND = (
    "The claims could not be independently verified.",
    "Moscow denies targeting civilians, although its strikes have killed thousands of them since February 2022.",
    "Pyongyang and Moscow signed a mutual defence treaty in June, and Russia\u2019s parliament has since ratified it.",
    "Ukraine has lost about half of its power generating capacity to Russian attacks, officials say.",
    "Kremlin spokesperson Dmitry Peskov dismissed the announcement as a show for Western audiences.",
    "Moscow denies any involvement in sabotage in Europe.",
    "Many of the released soldiers had spent more than two years in captivity.",
    "The military usually puts drones lost from radar down to electronic jamming.",
)
"""Sentences many posts repeat word for word: a post carries one at most."""
AGENDAS = _w("air defence and reconstruction|energy repairs before winter|prisoner exchanges|sanctions on Russian oil|"
             "the return of deported children|joint drone production|demining farmland|frozen Russian assets|"
             "security guarantees|Black Sea shipping|the next aid package|EU accession talks|"
             "training for Ukrainian pilots|the peace summit|air defence for {city}")
AGENCIES = (
    "The Interfax-Ukraine news agency said its correspondent in {city} had heard {small} explosions.",
    "The Ukrinform agency, citing {ua_official} reported the same figures on {weekday}.",
    "An agency photographer in {city} saw smoke rising over the {direction} of the city.",
    "The agency said it could not independently verify the figures given by either side.",
    "Its correspondent said air raid sirens sounded in {city} for about {hours} hours.",
)
CARDS = (
    ("The {job} from {city} who keeps the lights on for {big} people",
     "{person}, {age}, has repaired {n} substations in {city} and {city2} since {month}"),
    ("Inside the underground school of {city}",
     "Head teacher {person} shows the {n} classrooms dug {small} metres below {city} since {month}"),
    ("{person}: the volunteer who drives ambulances to the front",
     "The {age}-year-old from {city} has made {n} trips to {town} since {month}"),
    ("Watch how {city} rebuilt its bombed market in {small} weeks",
     "{person}, {age}, and {n} [other traders|stallholders] [rebuilt|reopened] the [hall|stalls] that {weapon} "
     "[destroyed|hit] on a {weekday} in {month}"),
    ("The last {job} of {village}",
     "{person}, {age}, stayed in {city} when {n} neighbours left for {region} in {month}"),
)
BARE = (
    "{city} on day {war_day} of the full-scale war",
    "Life goes on in {city}, {when}",
    "Clearing up in {city} after the night\u2019s attack, {when}",
    "Volunteers at work in {city} on {when}",
)
APPEAL = (
    "Our reporters stay where the story is",
    "The Morning Chronicle has kept correspondents in Ukraine since the first days of the full-scale invasion, from "
    "the basement shelters of Kharkiv to the courtrooms where accused spies now stand trial. That work is slow, "
    "costly and at times dangerous.",
    "We have chosen not to put it behind a paywall, because we think everyone deserves clear, checked reporting on "
    "a war that is reshaping their continent. That choice only holds if the readers who can afford it help to pay "
    "for it.",
    "A gift of any size, once or every month, goes straight into our foreign desk. Every contribution keeps us "
    "reporting.",
)
FOOTER = (
    "Bookmark this live blog with Chronicle+",
    "Want to save stories and come back to them later? Chronicle+ subscribers can bookmark any article and read it "
    "on any device.",
    "Have your say in our comments",
    "Share your views, reply to fellow Chronicle readers and see what others are saying",
    "Comments",
)
