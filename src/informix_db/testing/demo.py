"""A small sporting-goods database in the shape of Informix's ``stores`` demo, with data of our own.

``ifx serve --demo`` and ``EmbeddedServer(demo=True)`` create it as ``stores`` (with
logging) so that examples written against Informix's demo database run as written:
customer, orders, items, stock and manufact, joined by customer_num, order_num and
(stock_num, manu_code).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

DEMO_DATABASE = "stores"

SCHEMA = (
    """CREATE TABLE manufact (
        manu_code CHAR(3) NOT NULL PRIMARY KEY, manu_name CHAR(15), lead_time INTERVAL DAY(3) TO DAY)""",
    """CREATE TABLE stock (
        stock_num SMALLINT NOT NULL, manu_code CHAR(3) NOT NULL, description CHAR(15),
        unit_price MONEY(6,2), unit CHAR(4), unit_descr CHAR(15), PRIMARY KEY (stock_num, manu_code))""",
    """CREATE TABLE customer (
        customer_num SERIAL(101) NOT NULL PRIMARY KEY, fname CHAR(15), lname CHAR(15), company CHAR(20),
        address1 CHAR(20), address2 CHAR(20), city CHAR(15), state CHAR(2), zipcode CHAR(5), phone CHAR(18))""",
    """CREATE TABLE orders (
        order_num SERIAL(1001) NOT NULL PRIMARY KEY, order_date DATE, customer_num INTEGER NOT NULL,
        ship_instruct CHAR(40), backlog CHAR(1), po_num CHAR(10), ship_date DATE,
        ship_weight DECIMAL(8,2), ship_charge MONEY(6,2), paid_date DATE)""",
    """CREATE TABLE items (
        item_num SMALLINT NOT NULL, order_num INTEGER NOT NULL, stock_num SMALLINT NOT NULL,
        manu_code CHAR(3) NOT NULL, quantity SMALLINT, total_price MONEY(8,2), PRIMARY KEY (item_num, order_num))""",
)

MANUFACTURERS = [
    ("ALP", "Alpine Gear", 7), ("BRK", "Brookside", 12), ("CRW", "Crestway", 5),
    ("DLT", "Delta Sports", 9), ("EVR", "Evergreen Co", 14), ("FLX", "Flexline", 4),
]

# stock_num, manu_code, description, unit_price, unit, unit_descr
STOCK = [
    (1, "ALP", "trail shoes", "89.00", "pair", "pair"), (1, "DLT", "trail shoes", "74.50", "pair", "pair"),
    (2, "BRK", "tennis racket", "119.00", "each", "each"), (2, "FLX", "tennis racket", "96.00", "each", "each"),
    (3, "CRW", "tennis balls", "18.00", "case", "12 cans/case"), (3, "FLX", "tennis balls", "16.40", "case", "12 cans/case"),
    (4, "EVR", "bike helmet", "54.25", "each", "each"), (4, "ALP", "bike helmet", "61.00", "each", "each"),
    (5, "DLT", "water bottle", "42.00", "box", "6/box"), (6, "BRK", "yoga mat", "27.90", "each", "each"),
    (7, "CRW", "soccer ball", "23.75", "each", "each"), (8, "EVR", "camp stove", "138.00", "each", "each"),
    (9, "ALP", "day pack", "72.00", "each", "each"), (10, "FLX", "jump rope", "9.95", "each", "each"),
    (11, "DLT", "swim goggles", "31.20", "box", "4/box"),
]

# fname, lname, company, address1, address2, city, state, zipcode, phone
CUSTOMERS = [
    ("Marta", "Quill", "Ridgeline Outfitters", "410 Cedar Ave", None, "Sacramento", "CA", "95814", "916-555-0143"),
    ("Dev", "Okafor", "Harbor Athletics", "88 Wharf St", "Suite 3", "Oakland", "CA", "94607", "510-555-0178"),
    ("Lena", "Varga", "Summit Sports", "1200 Alder Rd", None, "Fresno", "CA", "93721", "559-555-0110"),
    ("Tomas", "Reyes", "Bayview Bikes", "37 Shoreline Dr", None, "San Diego", "CA", "92101", "619-555-0166"),
    ("Priya", "Nair", "Peak Performance", "9 Granite Way", "Unit B", "San Jose", "CA", "95112", "408-555-0192"),
    ("Owen", "Castle", "Castle Cycle Works", "501 Mill Rd", None, "Portland", "OR", "97204", "503-555-0121"),
    ("Hana", "Sato", "Riverbend Rec", "76 Fir Ln", None, "Eugene", "OR", "97401", "541-555-0157"),
    ("Felix", "Brandt", "North Star Sport", "23 Harbor Blvd", None, "Seattle", "WA", "98101", "206-555-0104"),
    ("Ines", "Moreau", "Cascade Supply", "640 Pine St", "Floor 2", "Tacoma", "WA", "98402", "253-555-0189"),
    ("Caleb", "Ward", "Desert Trail Co", "15 Mesa Dr", None, "Phoenix", "AZ", "85004", "602-555-0135"),
    ("Nadia", "Petrov", "Canyon Courts", "302 Saguaro Rd", None, "Tucson", "AZ", "85701", "520-555-0117"),
    ("Ravi", "Kapoor", "High Plains Play", "48 Aspen Ct", None, "Denver", "CO", "80202", "303-555-0148"),
    ("Grace", "Olsen", "Lakeside Athletics", "712 Birch St", None, "Madison", "WI", "53703", "608-555-0173"),
    ("Samuel", "Achebe", "Metro Fitness", "5 Union Sq", "Suite 900", "Chicago", "IL", "60601", "312-555-0126"),
    ("Julia", "Hart", "Hart & Sons Sports", "2210 Oak Blvd", None, "Austin", "TX", "78701", "512-555-0162"),
    ("Mateo", "Silva", "Gulf Coast Games", "19 Bayou Ln", None, "Houston", "TX", "77002", "713-555-0199"),
    ("Elise", "Fournier", "Harborlight Rec", "83 Lighthouse Rd", None, "Boston", "MA", "02110", "617-555-0138"),
    ("Kwame", "Mensah", "Capital Courts", "400 Federal Way", None, "Arlington", "VA", "22201", "703-555-0151"),
]

# customer_num, order_date, ship_instruct, backlog, po_num, ship_date, ship_weight, ship_charge, paid_date
ORDERS = [
    (101, "2026-01-05", "leave at loading dock", "n", "RQ-4410", "2026-01-09", "22.50", "12.00", "2026-02-02"),
    (102, "2026-01-08", "call before delivery", "n", "HA-0192", "2026-01-12", "8.25", "6.50", "2026-01-30"),
    (104, "2026-01-15", None, "n", "BB-7781", "2026-01-20", "41.00", "19.75", "2026-02-18"),
    (106, "2026-01-21", "ship with next order", "y", "CW-1001", None, None, None, None),
    (108, "2026-02-02", "express", "n", "NS-5523", "2026-02-03", "12.80", "24.00", "2026-02-27"),
    (101, "2026-02-10", "leave at loading dock", "n", "RQ-4471", "2026-02-14", "15.40", "9.00", None),
    (110, "2026-02-17", "side entrance; ring bell", "n", "DT-3307", "2026-02-22", "30.10", "16.25", "2026-03-20"),
    (112, "2026-03-01", None, "n", "HP-8812", "2026-03-05", "5.60", "4.75", "2026-03-29"),
    (103, "2026-03-09", "fragile | handle with care", "n", "SS-2205", "2026-03-13", "18.90", "11.40", "2026-04-08"),
    (115, "2026-03-16", "deliver after 10am", "n", "HS-6650", "2026-03-19", "26.00", "14.00", None),
    (105, "2026-04-02", None, "y", "PP-0417", None, None, None, None),
    (117, "2026-04-11", "hold at depot", "n", "HL-9031", "2026-04-16", "9.75", "7.25", "2026-05-06"),
]

# order_num, stock_num, manu_code, quantity (items are numbered within their order)
ITEMS = [
    (1001, 1, "ALP", 4), (1001, 9, "ALP", 2), (1002, 3, "CRW", 1), (1003, 4, "EVR", 6), (1003, 4, "ALP", 2),
    (1003, 5, "DLT", 3), (1004, 6, "BRK", 10), (1005, 8, "EVR", 1), (1005, 1, "DLT", 2), (1006, 2, "BRK", 1),
    (1006, 3, "FLX", 2), (1007, 7, "CRW", 12), (1007, 10, "FLX", 20), (1008, 11, "DLT", 2), (1009, 2, "FLX", 3),
    (1009, 3, "CRW", 4), (1010, 9, "ALP", 5), (1010, 5, "DLT", 2), (1010, 1, "ALP", 1), (1011, 6, "BRK", 4),
    (1012, 4, "EVR", 1), (1012, 7, "CRW", 3),
]


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def rows() -> dict[str, list[tuple]]:
    """Each table's rows, in column order."""
    prices = {(num, code): Decimal(price) for num, code, _, price, _, _ in STOCK}
    item_rows, counts = [], {}
    for order_num, stock_num, manu_code, quantity in ITEMS:
        counts[order_num] = counts.get(order_num, 0) + 1
        item_rows.append((counts[order_num], order_num, stock_num, manu_code, quantity,
                          prices[stock_num, manu_code] * quantity))
    return {
        "manufact": [(code, name, dt.timedelta(days=days)) for code, name, days in MANUFACTURERS],
        "stock": [(num, code, descr, Decimal(price), unit, unit_descr)
                  for num, code, descr, price, unit, unit_descr in STOCK],
        "customer": [(num, *customer) for num, customer in enumerate(CUSTOMERS, 101)],
        "orders": [(num, _date(date), cust, instruct, backlog, po, _date(shipped), _money(weight), _money(charge),
                    _date(paid))
                   for num, (cust, date, instruct, backlog, po, shipped, weight, charge, paid)
                   in enumerate(ORDERS, 1001)],
        "items": item_rows,
    }


def install(connect_kwargs: dict) -> None:
    """Create the demo database through a server at ``connect_kwargs`` unless it exists."""
    import informix_db

    with informix_db.connect(**connect_kwargs, database="sysmaster", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("SELECT name FROM sysdatabases WHERE name = ?", (DEMO_DATABASE,))
        if cur.fetchone() is not None:
            return
        cur.execute(f"CREATE DATABASE {DEMO_DATABASE} WITH LOG")
    with informix_db.connect(**connect_kwargs, database=DEMO_DATABASE) as conn:
        cur = conn.cursor()
        for statement in SCHEMA:
            cur.execute(statement)
        for table, table_rows in rows().items():
            marks = ", ".join("?" * len(table_rows[0]))
            cur.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)
        conn.commit()
