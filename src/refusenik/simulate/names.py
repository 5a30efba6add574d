"""Generated people: defendants, judges, lawyers, prosecutors.

Names are random combinations of common Russian surnames, first names and patronymics, so the
simulated pages look real without naming anyone from a real court record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = (
    "Абрамов Алексеев Андреев Антонов Артемьев Афанасьев Белов Беляев Богданов Борисов "
    "Быков Васильев Веселов Виноградов Власов Воробьёв Гаврилов Герасимов Голубев Горбунов "
    "Григорьев Гусев Давыдов Данилов Денисов Дмитриев Евдокимов Егоров Ершов Ефимов Жуков "
    "Зайцев Захаров Зуев Иванов Ильин Исаев Казаков Калинин Карпов Киселёв Климов Ковалёв "
    "Козлов Колесников Комаров Кондратьев Коновалов Копылов Корнилов Котов Крылов Кудрявцев "
    "Кузнецов Кузьмин Лаврентьев Лазарев Лебедев Логинов Лукин Макаров Максимов Мартынов "
    "Матвеев Медведев Мельников Миронов Михайлов Морозов Муравьёв Назаров Никитин Николаев "
    "Новиков Орлов Осипов Павлов Панов Петров Поляков Пономарёв Попов Прохоров Романов "
    "Рыбаков Савельев Семёнов Сергеев Сидоров Смирнов Соболев Соколов Соловьёв Степанов "
    "Субботин Тарасов Тимофеев Титов Тихонов Уваров Федоров Филиппов Фомин Фролов Харитонов "
    "Чернов Шарапов Шестаков Широков Щербаков Юдин Яковлев Ярцев"
).split()

FIRST_NAMES = (
    "Александр Алексей Анатолий Андрей Антон Артём Борис Вадим Валентин Валерий Василий "
    "Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Григорий Даниил Денис "
    "Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил Никита "
    "Николай Олег Павел Пётр Роман Руслан Сергей Станислав Степан Тимофей Фёдор Юрий Ярослав"
).split()

PATRONYMICS = (
    "Александрович Алексеевич Анатольевич Андреевич Борисович Вадимович Валерьевич "
    "Васильевич Викторович Витальевич Владимирович Вячеславович Геннадьевич Григорьевич "
    "Денисович Дмитриевич Евгеньевич Игоревич Ильич Константинович Леонидович Максимович "
    "Михайлович Николаевич Олегович Павлович Петрович Романович Русланович Сергеевич "
    "Станиславович Фёдорович Юрьевич"
).split()

RANKS = (
    "рядовой",
    "рядовой",
    "рядовой",
    "ефрейтор",
    "младший сержант",
    "сержант",
    "старший сержант",
    "прапорщик",
    "лейтенант",
)


@dataclass(frozen=True)
class Person:
    surname: str
    first: str
    patronymic: str

    @property
    def full(self) -> str:
        """«Иванов Иван Иванович», as the ЛИЦА tab prints a defendant."""
        return f"{self.surname} {self.first} {self.patronymic}"

    @property
    def short(self) -> str:
        """«Иванов И.И.», as judges and lawyers are printed."""
        return f"{self.surname} {self.first[0]}.{self.patronymic[0]}."

    @property
    def listing(self) -> str:
        """«ИВАНОВ И.И.», as listings print the person in the information column."""
        return f"{self.surname.upper()} {self.first[0]}.{self.patronymic[0]}."

    @property
    def initials(self) -> str:
        """«И.И.И.», the anonymised form acts use for the defendant."""
        return f"{self.surname[0]}.{self.first[0]}.{self.patronymic[0]}."

    @property
    def dative(self) -> str:
        """«Иванову И.И.» — for «назначить Иванову И.И. наказание»."""
        return f"{_dative_surname(self.surname)} {self.first[0]}.{self.patronymic[0]}."

    @property
    def genitive_short(self) -> str:
        """«Ивановой Д.Р.»-style genitive used after «судьи»; judges here are men."""
        return f"{_genitive_surname(self.surname)} {self.first[0]}.{self.patronymic[0]}."


def _dative_surname(s: str) -> str:
    return s + "у" if s.endswith(("ов", "ёв", "ев", "ин")) else s


def _genitive_surname(s: str) -> str:
    return s + "а" if s.endswith(("ов", "ёв", "ев", "ин")) else s


def person(rng: random.Random) -> Person:
    """One generated person."""
    return Person(rng.choice(SURNAMES), rng.choice(FIRST_NAMES), rng.choice(PATRONYMICS))
