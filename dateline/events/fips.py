"""ISO 3166 alpha-3 to FIPS 10-4 country codes, for the GDELT export (GDELT's Geo columns are FIPS)."""

# placeholder, replaced by the ontology branch

from __future__ import annotations

_FIPS = dict(pair.split(":") for pair in (
    "AFG:AF ARE:AE ARG:AR ARM:AM AUS:AS AUT:AU AZE:AJ BEL:BE BGD:BG BGR:BU BHR:BA BLR:BO BRA:BR CAN:CA CHE:SZ "
    "CHL:CI CHN:CH COL:CO CUB:CU CZE:EZ DEU:GM DNK:DA DZA:AG EGY:EG ESP:SP EST:EN ETH:ET FIN:FI FRA:FR GBR:UK "
    "GEO:GG GRC:GR HRV:HR HUN:HU IDN:ID IND:IN IRL:EI IRN:IR IRQ:IZ ISR:IS ITA:IT JOR:JO JPN:JA KAZ:KZ KEN:KE "
    "KOR:KS KWT:KU LBN:LE LBY:LY LKA:CE LTU:LH LVA:LG MAR:MO MDA:MD MEX:MX MMR:BM MYS:MY NGA:NI NLD:NL NOR:NO "
    "NPL:NP NZL:NZ OMN:MU PAK:PK PER:PE PHL:RP POL:PL PRK:KN PRT:PO QAT:QA ROU:RO RUS:RS SAU:SA SDN:SU SGP:SN "
    "SRB:RI SVK:LO SWE:SW SYR:SY THA:TH TUN:TS TUR:TU UKR:UP USA:US VEN:VE VNM:VM YEM:YM ZAF:SF"
).split())


def fips_of(iso3: str) -> str | None:
    """The FIPS 10-4 code of a country ("DEU" -> "GM", "GBR" -> "UK"); None for organisations and unknown codes."""
    return _FIPS.get(iso3.strip().upper())
