"""Word lists and sentence templates of the synthetic live blog (bench/corpus.py).

Templates are `str.format` strings. A slot a post fixes (its city, its numbers) comes from the topic's
facts; any other slot is drawn afresh each time it appears, so posts of one template still differ in
their details. Canonical text uses curly quotes and the spellings Zelensky, Kim Jong Un and Kyiv; the
edits in corpus.py switch them.
"""
from __future__ import annotations

import random
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
        """The template filled in, its first letter capitalised (`the Netherlands` opening a headline)."""
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
        "Ukraine\u2019s air force said Russia launched {n} Shahed-type attack drones and {m} {missile} missiles "
        "overnight, and that air defences brought down {k} of the drones over {r} regions, including {region} "
        "and {region2}.",
        "Russia attacked Ukraine overnight with {n} drones and {m} {missile} missiles, the air force said on "
        "{weekday}, adding that {k} drones were shot down and {lost} more were lost to electronic jamming.",
        "Air defences destroyed {k} of the {n} drones Russia launched at Ukraine overnight, the air force said, "
        "with most of the attacks aimed at the {region} and {region2} regions.",
    ), (
        "In {city}, falling debris damaged {target} and {target2}, {governor}, the head of the {region} regional "
        "military administration, said on Telegram.",
        "Another {lost} drones were lost from radar, which the military usually puts down to electronic jamming.",
        "Air raid alerts sounded across the {region2} region for almost {hours} hours, and residents of {city} "
        "spent the night in shelters.",
        "{governor} said {small} people had been hurt in the {region} region, one of them seriously.",
        "Russia\u2019s defence ministry said it had downed {n2} Ukrainian drones over the {ru_region} and "
        "{ru_region2} regions during the same night.",
    ), _air),
    Topic("strike", 4, (
        "{killed} killed in Russian {weapon} strike on {city}",
        "Russian strike on {city} kills {killed} and wounds {wounded}, officials say",
        "{city}: death toll from {weapon} attack rises to {killed}",
        "Rescuers search rubble in {city} after deadly Russian attack",
    ), (
        "At least {killed} people were killed and {wounded} injured when Russian {weapon} hit {target} in {city}, "
        "{governor}, the head of the {region} regional administration, said.",
        "A Russian attack on {city} has killed {killed} people and wounded {wounded}, regional officials said, after "
        "{weapon} struck {target} in the centre of the city.",
        "The death toll from a Russian strike on {target} in {city} has risen to {killed}, with {wounded} people "
        "injured, the State Emergency Service said on {weekday}.",
    ), (
        "Emergency workers in {city} were still clearing rubble from {target2} on {weekday} morning.",
        "Among the injured were {small} children, {governor} said, adding that {small2} people remained in hospital.",
        "\u201c{quote},\u201d {person}, a {age}-year-old {job} who lives nearby, told {outlet}.",
        "President Zelensky said the attack showed again why Ukraine needed more air defence systems from its allies.",
        "Photographs from the scene showed {target2} with its windows blown out and cars burning in the street.",
        "The city declared {weekday2} a day of mourning.",
        "Moscow denies targeting civilians, although its strikes have killed thousands of them since February 2022.",
    ), _strike),
    Topic("front", 4, (
        "Russia claims capture of {village} in {oblast} region",
        "Moscow says its troops have taken {village} near {town}",
        "Ukraine denies losing {village} as fighting near {town} intensifies",
        "Russian forces edge closer to {town} after taking {village}, Moscow says",
    ), (
        "Russia\u2019s defence ministry said its forces had captured the village of {village} in the {oblast} "
        "region, about {km} kilometres from {town}.",
        "Russian troops have taken {village}, a village {km} kilometres {direction} of {town}, Moscow\u2019s "
        "defence ministry said on {weekday}.",
        "Ukrainian commanders denied that {village}, {km} kilometres {direction} of {town}, had fallen, saying "
        "their troops still held positions on its western edge.",
    ), (
        "Ukraine\u2019s general staff said its troops had repelled {assaults} Russian assaults in the past day, "
        "the most near {town}.",
        "The claim could not be independently verified.",
        "Military bloggers on both sides said fighting around {village2} and {village3} had intensified over the past "
        "{small} days.",
        "{unit} said its soldiers had destroyed {small} armoured vehicles and {small2} artillery systems near "
        "{village2}.",
        "Analysts said geolocated footage showed Russian forces advancing {direction} of {village2}.",
        "{town}, which had a pre-war population of about {big}, has been shelled every day for months.",
        "Commander in chief Oleksandr Syrskyi said the situation near {town} remained {state}.",
    ), _front),
    Topic("aid", 3, (
        "{country} pledges {money} in military aid for Ukraine",
        "{country} to send {aid} to Ukraine in new {money} package",
        "New {country} aid package includes {aid} and {aid2}",
        "{country} and {country2} announce joint deal on {aid} for Kyiv",
    ), (
        "{country}\u2019s defence minister {minister} announced a new military aid package worth {money}, "
        "including {aid} and {aid2}.",
        "{country} will send {aid} and {aid2} to Ukraine as part of a {money} package, its government said on "
        "{weekday}.",
        "Speaking in {capital}, {minister} said {country} would fund {aid} for Ukraine together with {country2}, "
        "in a deal worth {money}.",
    ), (
        "It is the {ordinal} package {country} has announced since the full-scale invasion began.",
        "Deliveries are expected to begin in {month}, {official} told reporters in {capital}.",
        "Zelensky thanked {country} on social media, saying the {aid} would \u201csave lives\u201d in {region} and "
        "other frontline regions.",
        "Ukraine has repeatedly asked its allies for more {aid2} as Russia steps up its attacks.",
        "{minister} said the package had been agreed with {country2} and would be paid for partly from frozen "
        "Russian assets.",
    ), _aid),
    Topic("spies", 2, (
        "{country} charges {count} men over alleged spying for Russia",
        "{country} arrests {nationality} suspected of plotting sabotage for Moscow",
        "Russian court jails {job} for {years} years for treason",
        "Espionage case in {country}: {count} suspects accused of working for Russian intelligence",
    ), (
        "Prosecutors in {capital} have charged {count} men accused of working for Russian intelligence, the latest "
        "in a series of espionage cases in {country}.",
        "Police in {country} have arrested a {nationality} man suspected of plotting arson attacks for Moscow, "
        "prosecutors in {capital} said on {weekday}.",
        "A court in {ru_city} has sentenced {person}, a {age}-year-old {job}, to {years} years in a high-security "
        "penal colony for treason.",
    ), (
        "A {age2}-year-old {nationality}, identified only as {initial} under local privacy rules, is accused of "
        "photographing {target} and a military airfield.",
        "Investigators say the suspects were paid about {money} in cryptocurrency for the work.",
        "The FSB said the defendant had sent money to a Ukrainian charity that buys equipment for the army.",
        "The suspects face up to {years} years in prison if convicted.",
        "{country} has expelled {small} Russian diplomats this year over what it calls hostile intelligence "
        "activity.",
        "Moscow denies any involvement in sabotage in Europe.",
    ), _spies),
    Topic("korea", 2, (
        "{big} North Korean troops now in Kursk, says Ukrainian intelligence",
        "Kim Jong Un pledges \u2018unwavering\u2019 support for Moscow as {ru_person} visits Pyongyang",
        "South Korea says North Korean soldiers have suffered {n} casualties in Kursk",
        "Ukraine says it has captured North Korean soldiers in the {ru_region} region",
    ), (
        "Ukraine\u2019s military intelligence agency said about {big} North Korean soldiers were now deployed in "
        "Russia\u2019s Kursk region, fighting alongside Russian marines and paratroopers.",
        "Kim Jong Un has told a Russian delegation led by {ru_person} that Pyongyang will stand by Moscow "
        "\u201cuntil victory\u201d, North Korean state media reported.",
        "South Korea\u2019s spy agency told lawmakers in Seoul that at least {n} North Korean soldiers had been "
        "killed or wounded in the {ru_region} region.",
    ), (
        "The agency said the troops had been given Russian uniforms and identity papers from the {ru_region} region.",
        "Pyongyang and Moscow signed a mutual defence treaty in June, and Russia\u2019s parliament has since "
        "ratified it.",
        "Analysts say North Korea may receive satellite and missile technology in return.",
        "Zelensky said Kyiv was ready to hand over captured North Korean soldiers to Kim Jong Un in exchange for "
        "Ukrainians held in Russia.",
        "Seoul said it would consider sending weapons directly to Ukraine if the deployment continued.",
    ), _korea),
    Topic("diplomacy", 3, (
        "Zelensky meets {guest} in {capital} to discuss security guarantees",
        "{country} summons Russian ambassador over airspace violation",
        "EU agrees {ordinal} sanctions package against Russia",
        "{guest} arrives in Kyiv on unannounced visit",
    ), (
        "President Zelensky met {country}\u2019s {role} {guest} in {capital} on {weekday}, his office said, with "
        "air defence and reconstruction at the top of the agenda.",
        "{country}\u2019s {role} {guest} arrived in Kyiv by overnight train on an unannounced visit, the {ordinal} "
        "since the start of the full-scale war.",
        "EU ambassadors have approved the {ordinal} package of sanctions against Russia, targeting tankers of its "
        "shadow fleet and firms accused of supplying its arms industry.",
    ), (
        "{guest} said {country} would keep supporting Ukraine \u201cfor as long as it takes\u201d.",
        "The two sides also discussed Ukraine\u2019s path to membership of {org}.",
        "Kremlin spokesperson Dmitry Peskov dismissed the meeting as a show for Western audiences.",
        "{official} said the talks had been \u201cfrank and useful\u201d.",
        "{country} is among the largest donors to Ukraine relative to the size of its economy.",
    ), _diplomacy),
    Topic("energy", 2, (
        "Power cuts return to {city} after strike on energy site",
        "Ukraine schedules blackouts in {regions} regions after attack on grid",
        "{households} households without power in {region} region",
        "Grid operator warns of long outages as cold snap hits {city}",
    ), (
        "About {households} households in the {region} region were left without electricity after a Russian attack "
        "on an energy facility near {city}, the grid operator Ukrenergo said.",
        "Ukrenergo said it would schedule rolling blackouts of up to {hours} hours a day in {regions} regions after "
        "overnight strikes on power plants and substations.",
    ), (
        "Engineers were working to restore supplies, but repairs could take {small} days, the company said.",
        "Heating was also cut to {small} hospitals and {small2} schools in {city}.",
        "Ukraine has lost about half of its power generating capacity to Russian attacks, officials say.",
        "Residents of {city} were asked to limit their use of kettles, heaters and washing machines in the evening.",
    ), _energy),
    Topic("swap", 1, (
        "{n} Ukrainian prisoners of war return home in exchange with Russia",
        "Russia and Ukraine swap prisoners in deal brokered by {mediator}",
        "Prisoner exchange brings {n} Ukrainian soldiers home",
        "Freed Ukrainian soldiers cross the border as families wait",
    ), (
        "Ukraine and Russia exchanged prisoners of war on {weekday}, with {n} Ukrainians and {ru_n} Russians "
        "returning home in a deal brokered by {mediator}.",
        "{n} Ukrainian servicemen have returned home from Russian captivity, President Zelensky said, thanking "
        "{mediator} for its help.",
    ), (
        "Among those freed were defenders of Mariupol and {small} civilians, Ukraine\u2019s coordination "
        "headquarters for prisoners of war said.",
        "Many of the released soldiers had spent more than two years in captivity.",
        "The exchange was the {ordinal} this year.",
        "Relatives waited at the border with photographs of soldiers still missing.",
    ), _swap),
)

GENERIC = (
    "{person}, a {age}-year-old {job} from {city}, said the explosions had woken the whole street.",
    "\u201c{quote},\u201d {person}, a {job} in {city}, told {outlet}.",
    "The head of the {region} regional administration said the situation in {city} remained {state}.",
    "Police in {city} opened a criminal case into what they called a war crime.",
    "{official} is expected in {capital} later this week for talks with {org}.",
    "Officials in {city} said {small} schools would switch to remote learning until further notice.",
    "Volunteers in {city} handed out {big} hot meals over the weekend, the city council said.",
    "The {region} region has come under fire {n} times in the past {small} days, according to the local prosecutor.",
    "{unit} posted drone footage that it said showed the strike near {village}.",
    "Russian state media reported explosions in the {ru_region} region early on {weekday}.",
    "The governor of Russia\u2019s {ru_region} region said a Ukrainian drone had hit {target} there.",
    "Ukraine has not commented on the claims, which could not be independently verified.",
    "Rail operator Ukrzaliznytsia said {small} trains were delayed after damage to the line near {city}.",
    "The mayor of {city}, {person}, urged residents to stay in shelters until the all-clear.",
    "Local authorities in {city} said they had opened {small} heating points for residents.",
    "In {city}, an evening curfew has been extended by {small} weeks, the regional administration said.",
    "According to {outlet}, at least {small} buildings in {village} were destroyed.",
    "The UN human rights monitoring mission said civilian casualties had risen by {percent} per cent in {month}.",
    "{official} said further talks were planned for {month} in {capital}.",
    "Prosecutors in {region} said they had identified the unit responsible for the strike.",
    "The strike came hours after Zelensky addressed lawmakers in {capital} by video link.",
    "Residents of {village} were being evacuated to {city}, the regional authorities said.",
    "{person}, who runs a volunteer group in {city}, said demand for generators had doubled.",
    "Officials in Kyiv said {big} people had been evacuated from frontline areas of the {region} region this year.",
    "Ukraine\u2019s energy ministry said repairs at {target} near {city} would take {small} weeks.",
    "The {ordinal} round of talks in {capital} ended without agreement, diplomats said.",
    "Ukrainian forces say they have shot down more than {big} drones since the start of the year.",
    "{person}, a spokesperson for {org}, called for an independent investigation.",
    "The city of {city} has been without running water for {small} days.",
    "Satellite images published by a private company showed damage at an airfield in the {ru_region} region.",
)
AGENCIES = (
    "The Interfax-Ukraine news agency said its correspondent in {city} had heard {small} explosions.",
    "The Ukrinform agency, citing {ua_official} reported the same figures on {weekday}.",
    "An agency photographer in {city} saw smoke rising over the {direction} of the city.",
    "The agency said it could not independently verify the figures given by either side.",
    "Its correspondent said air raid sirens sounded in {city} for about {hours} hours.",
)
CARDS = (
    ("The {job} from {city} who keeps the lights on for {big} people",
     "{person}, {age}, has spent every night of the winter repairing the city\u2019s substations"),
    ("Inside the underground school of {city}",
     "Children in {city} study {small} metres below ground while the sirens sound above them"),
    ("{person}: the volunteer who drives ambulances to the front",
     "The {age}-year-old has made more than {n} trips to the east since the war began"),
    ("Watch how {city} rebuilt its bombed market in {small} weeks",
     "Traders in {city} reopened the market hall that a Russian missile destroyed in {month}"),
    ("The last {job} of {village}",
     "{person}, {age}, stayed behind when the village emptied and still opens the shop every morning"),
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
