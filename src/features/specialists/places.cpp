#include "features/specialists/places.hpp"

namespace hearth::specialists {

namespace {

// Generated from /usr/share/iso-codes/json/iso_3166-1.json (common names, a few shortened).
constexpr Country country_list[] = {
    {"AF", "Afghanistan"}, {"AX", "Åland Islands"}, {"AL", "Albania"}, {"DZ", "Algeria"}, {"AS", "American Samoa"},
    {"AD", "Andorra"}, {"AO", "Angola"}, {"AI", "Anguilla"}, {"AQ", "Antarctica"}, {"AG", "Antigua and Barbuda"},
    {"AR", "Argentina"}, {"AM", "Armenia"}, {"AW", "Aruba"}, {"AU", "Australia"}, {"AT", "Austria"},
    {"AZ", "Azerbaijan"}, {"BS", "Bahamas"}, {"BH", "Bahrain"}, {"BD", "Bangladesh"}, {"BB", "Barbados"},
    {"BY", "Belarus"}, {"BE", "Belgium"}, {"BZ", "Belize"}, {"BJ", "Benin"}, {"BM", "Bermuda"}, {"BT", "Bhutan"},
    {"BO", "Bolivia"}, {"BA", "Bosnia and Herzegovina"}, {"BW", "Botswana"}, {"BV", "Bouvet Island"},
    {"BR", "Brazil"}, {"IO", "British Indian Ocean Territory"}, {"VG", "British Virgin Islands"},
    {"BN", "Brunei Darussalam"}, {"BG", "Bulgaria"}, {"BF", "Burkina Faso"}, {"BI", "Burundi"}, {"CV", "Cabo Verde"},
    {"KH", "Cambodia"}, {"CM", "Cameroon"}, {"CA", "Canada"}, {"BQ", "Caribbean Netherlands"},
    {"KY", "Cayman Islands"}, {"CF", "Central African Republic"}, {"TD", "Chad"}, {"CL", "Chile"}, {"CN", "China"},
    {"CX", "Christmas Island"}, {"CC", "Cocos (Keeling) Islands"}, {"CO", "Colombia"}, {"KM", "Comoros"},
    {"CG", "Congo"}, {"CK", "Cook Islands"}, {"CR", "Costa Rica"}, {"HR", "Croatia"}, {"CU", "Cuba"},
    {"CW", "Curaçao"}, {"CY", "Cyprus"}, {"CZ", "Czechia"}, {"CI", "Côte d'Ivoire"},
    {"CD", "Democratic Republic of the Congo"}, {"DK", "Denmark"}, {"DJ", "Djibouti"}, {"DM", "Dominica"},
    {"DO", "Dominican Republic"}, {"EC", "Ecuador"}, {"EG", "Egypt"}, {"SV", "El Salvador"},
    {"GQ", "Equatorial Guinea"}, {"ER", "Eritrea"}, {"EE", "Estonia"}, {"SZ", "Eswatini"}, {"ET", "Ethiopia"},
    {"FK", "Falkland Islands"}, {"FO", "Faroe Islands"}, {"FJ", "Fiji"}, {"FI", "Finland"}, {"FR", "France"},
    {"GF", "French Guiana"}, {"PF", "French Polynesia"}, {"TF", "French Southern Territories"}, {"GA", "Gabon"},
    {"GM", "Gambia"}, {"GE", "Georgia"}, {"DE", "Germany"}, {"GH", "Ghana"}, {"GI", "Gibraltar"}, {"GR", "Greece"},
    {"GL", "Greenland"}, {"GD", "Grenada"}, {"GP", "Guadeloupe"}, {"GU", "Guam"}, {"GT", "Guatemala"},
    {"GG", "Guernsey"}, {"GN", "Guinea"}, {"GW", "Guinea-Bissau"}, {"GY", "Guyana"}, {"HT", "Haiti"},
    {"HM", "Heard Island and McDonald Islands"}, {"HN", "Honduras"}, {"HK", "Hong Kong"}, {"HU", "Hungary"},
    {"IS", "Iceland"}, {"IN", "India"}, {"ID", "Indonesia"}, {"IR", "Iran"}, {"IQ", "Iraq"}, {"IE", "Ireland"},
    {"IM", "Isle of Man"}, {"IL", "Israel"}, {"IT", "Italy"}, {"JM", "Jamaica"}, {"JP", "Japan"}, {"JE", "Jersey"},
    {"JO", "Jordan"}, {"KZ", "Kazakhstan"}, {"KE", "Kenya"}, {"KI", "Kiribati"}, {"KW", "Kuwait"},
    {"KG", "Kyrgyzstan"}, {"LA", "Laos"}, {"LV", "Latvia"}, {"LB", "Lebanon"}, {"LS", "Lesotho"}, {"LR", "Liberia"},
    {"LY", "Libya"}, {"LI", "Liechtenstein"}, {"LT", "Lithuania"}, {"LU", "Luxembourg"}, {"MO", "Macao"},
    {"MG", "Madagascar"}, {"MW", "Malawi"}, {"MY", "Malaysia"}, {"MV", "Maldives"}, {"ML", "Mali"}, {"MT", "Malta"},
    {"MH", "Marshall Islands"}, {"MQ", "Martinique"}, {"MR", "Mauritania"}, {"MU", "Mauritius"}, {"YT", "Mayotte"},
    {"MX", "Mexico"}, {"FM", "Micronesia"}, {"MD", "Moldova"}, {"MC", "Monaco"}, {"MN", "Mongolia"},
    {"ME", "Montenegro"}, {"MS", "Montserrat"}, {"MA", "Morocco"}, {"MZ", "Mozambique"}, {"MM", "Myanmar"},
    {"NA", "Namibia"}, {"NR", "Nauru"}, {"NP", "Nepal"}, {"NL", "Netherlands"}, {"NC", "New Caledonia"},
    {"NZ", "New Zealand"}, {"NI", "Nicaragua"}, {"NE", "Niger"}, {"NG", "Nigeria"}, {"NU", "Niue"},
    {"NF", "Norfolk Island"}, {"KP", "North Korea"}, {"MK", "North Macedonia"}, {"MP", "Northern Mariana Islands"},
    {"NO", "Norway"}, {"OM", "Oman"}, {"PK", "Pakistan"}, {"PW", "Palau"}, {"PS", "Palestine"}, {"PA", "Panama"},
    {"PG", "Papua New Guinea"}, {"PY", "Paraguay"}, {"PE", "Peru"}, {"PH", "Philippines"}, {"PN", "Pitcairn"},
    {"PL", "Poland"}, {"PT", "Portugal"}, {"PR", "Puerto Rico"}, {"QA", "Qatar"}, {"RO", "Romania"},
    {"RU", "Russian Federation"}, {"RW", "Rwanda"}, {"RE", "Réunion"}, {"BL", "Saint Barthélemy"},
    {"SH", "Saint Helena, Ascension and Tristan da Cunha"}, {"KN", "Saint Kitts and Nevis"}, {"LC", "Saint Lucia"},
    {"MF", "Saint Martin (French part)"}, {"PM", "Saint Pierre and Miquelon"},
    {"VC", "Saint Vincent and the Grenadines"}, {"WS", "Samoa"}, {"SM", "San Marino"},
    {"ST", "Sao Tome and Principe"}, {"SA", "Saudi Arabia"}, {"SN", "Senegal"}, {"RS", "Serbia"},
    {"SC", "Seychelles"}, {"SL", "Sierra Leone"}, {"SG", "Singapore"}, {"SX", "Sint Maarten (Dutch part)"},
    {"SK", "Slovakia"}, {"SI", "Slovenia"}, {"SB", "Solomon Islands"}, {"SO", "Somalia"}, {"ZA", "South Africa"},
    {"GS", "South Georgia and the South Sandwich Islands"}, {"KR", "South Korea"}, {"SS", "South Sudan"},
    {"ES", "Spain"}, {"LK", "Sri Lanka"}, {"SD", "Sudan"}, {"SR", "Suriname"}, {"SJ", "Svalbard and Jan Mayen"},
    {"SE", "Sweden"}, {"CH", "Switzerland"}, {"SY", "Syria"}, {"TW", "Taiwan"}, {"TJ", "Tajikistan"},
    {"TZ", "Tanzania"}, {"TH", "Thailand"}, {"TL", "Timor-Leste"}, {"TG", "Togo"}, {"TK", "Tokelau"},
    {"TO", "Tonga"}, {"TT", "Trinidad and Tobago"}, {"TN", "Tunisia"}, {"TM", "Turkmenistan"},
    {"TC", "Turks and Caicos Islands"}, {"TV", "Tuvalu"}, {"TR", "Türkiye"}, {"VI", "US Virgin Islands"},
    {"UG", "Uganda"}, {"UA", "Ukraine"}, {"AE", "United Arab Emirates"}, {"GB", "United Kingdom"},
    {"US", "United States"}, {"UM", "United States Minor Outlying Islands"}, {"UY", "Uruguay"}, {"UZ", "Uzbekistan"},
    {"VU", "Vanuatu"}, {"VA", "Vatican City"}, {"VE", "Venezuela"}, {"VN", "Vietnam"}, {"WF", "Wallis and Futuna"},
    {"EH", "Western Sahara"}, {"YE", "Yemen"}, {"ZM", "Zambia"}, {"ZW", "Zimbabwe"},
};

constexpr std::string_view timezone_list[] = {
    "Africa/Abidjan", "Africa/Accra", "Africa/Addis_Ababa", "Africa/Algiers", "Africa/Cairo", "Africa/Casablanca",
    "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi", "Africa/Tunis", "America/Anchorage",
    "America/Argentina/Buenos_Aires", "America/Bogota", "America/Caracas", "America/Chicago", "America/Denver",
    "America/Edmonton", "America/Guatemala", "America/Halifax", "America/Havana", "America/Lima",
    "America/Los_Angeles", "America/Mexico_City", "America/Montevideo", "America/New_York", "America/Phoenix",
    "America/Puerto_Rico", "America/Santiago", "America/Sao_Paulo", "America/St_Johns", "America/Toronto",
    "America/Vancouver", "America/Winnipeg", "Asia/Almaty", "Asia/Baghdad", "Asia/Bangkok", "Asia/Dhaka",
    "Asia/Dubai", "Asia/Ho_Chi_Minh", "Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem", "Asia/Karachi",
    "Asia/Kathmandu", "Asia/Kolkata", "Asia/Kuala_Lumpur", "Asia/Manila", "Asia/Riyadh", "Asia/Seoul",
    "Asia/Shanghai", "Asia/Singapore", "Asia/Taipei", "Asia/Tashkent", "Asia/Tbilisi", "Asia/Tehran", "Asia/Tokyo",
    "Asia/Yerevan", "Atlantic/Azores", "Atlantic/Canary", "Atlantic/Reykjavik", "Australia/Adelaide",
    "Australia/Brisbane", "Australia/Darwin", "Australia/Melbourne", "Australia/Perth", "Australia/Sydney",
    "Europe/Amsterdam", "Europe/Athens", "Europe/Belgrade", "Europe/Berlin", "Europe/Brussels", "Europe/Bucharest",
    "Europe/Budapest", "Europe/Copenhagen", "Europe/Dublin", "Europe/Helsinki", "Europe/Istanbul", "Europe/Kyiv",
    "Europe/Lisbon", "Europe/London", "Europe/Madrid", "Europe/Moscow", "Europe/Oslo", "Europe/Paris",
    "Europe/Prague", "Europe/Rome", "Europe/Stockholm", "Europe/Vienna", "Europe/Warsaw", "Europe/Zurich",
    "Pacific/Auckland", "Pacific/Fiji", "Pacific/Honolulu", "UTC",
};

}  // namespace

std::span<const Country> countries() { return country_list; }

std::string_view country_name(std::string_view code) {
    for (const auto& c : country_list) {
        if (c.code == code) return c.name;
    }
    return {};
}

std::span<const std::string_view> common_timezones() { return timezone_list; }

}  // namespace hearth::specialists
