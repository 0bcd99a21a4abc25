"""The demo program's fixed ingredients: accounts, models, carriers, names."""
from decimal import Decimal

# Demo accounts; the passwords are printed by `make run` and only ever used for the demo.
DEMO_ACCOUNTS = [
    ("manager@demo.lendingbridge.org", "Maya Okafor", "manager", "demo-manager-pass"),
    ("staff@demo.lendingbridge.org", "Sam Tremblay", "staff", "demo-staff-pass"),
    ("staff2@demo.lendingbridge.org", "Priya Nair", "staff", "demo-staff2-pass"),
    ("funder@demo.lendingbridge.org", "Grace Lee", "funder", "demo-funder-pass"),
]
DEVICE_MODELS = {
    "phone": [("Samsung", "Galaxy A15", 249), ("Google", "Pixel 7a", 499),
              ("Motorola", "Moto G Play", 199)],
    "tablet": [("Samsung", "Galaxy Tab A9", 229), ("Apple", "iPad (9th gen)", 449),
               ("Lenovo", "Tab M10", 189)],
    "laptop": [("Lenovo", "IdeaPad 1", 429), ("Dell", "Latitude 3440 (refurbished)", 389)],
    "hotspot": [("Franklin", "T10 Hotspot", 129), ("Netgear", "Nighthawk M1", 199)],
}
DEVICE_COUNTS = {"phone": 54, "tablet": 30, "laptop": 6, "hotspot": 10}
KIT_ACCESSORIES = {"phone": ["case", "charger", "cable"], "tablet": ["case", "charger", "cable"],
                   "laptop": ["charger"], "hotspot": ["charger", "cable"], "data_only": []}
KIND_WEIGHTS = {"phone": 5, "tablet": 3, "laptop": 2, "hotspot": 2, "data_only": 2}
CARRIERS = ["Maple Mobile", "Northern Telecom"]
DEMO_PLACES = [("Main office", "Cupboard in the program room"),
               ("Eastside drop-in", "Locked drawer at the front desk")]
PLANS = [("Connect 5", Decimal("5"), Decimal("25.00")),
         ("Connect 20", Decimal("20"), Decimal("40.00")),
         ("Unlimited Talk + 10", Decimal("10"), Decimal("35.00"))]
FIRST_NAMES = ["Alex", "Jordan", "Sam", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery",
               "Quinn", "Rowan", "Sky", "Dana", "Robin", "Charlie", "Emerson", "Harper", "Jesse"]
PEER_COUNT, SIM_COUNT, PLAN_COUNT, DAYS = 120, 64, 44, 365
