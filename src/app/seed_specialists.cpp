// Synthetic specialists. Everything here is invented: the names come from
// curated lists of common first and family names of many cultures (paired
// within a culture), and every sentence of the headlines, bios and
// approaches was written for Hearth and is recombined per person.
//
// Determinism: specialist #n is generated from its own std::mt19937_64
// seeded from n, with our own distribution code (the std:: distributions
// differ between standard libraries), so every machine seeds the same
// catalogue and a later, larger run continues it.
#include "app/seed_specialists.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string_view>
#include <thread>

#include "app/seed.hpp"
#include "core/clock.hpp"
#include "features/common/content_version.hpp"
#include "features/consultations/consultation_store.hpp"
#include "features/consultations/outlook_store.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "render/markdown.hpp"
#include "security/password.hpp"

namespace hearth::app {

namespace {

using Names = std::vector<std::string_view>;

constexpr std::uint64_t kSeed = 0x4865617274685344ULL;  // "HearthSD"
constexpr std::string_view kEmailDomain = "@synthetic.hearth.localhost";
constexpr std::int64_t kFirstCreatedAt = 1640995200;  // 2022-01-01, so dates are stable
constexpr std::int64_t kSecondsBetweenSignups = 120;
constexpr std::int64_t kBatch = 5000;  // specialists per transaction

// ---------------------------------------------------------------- dice --

// Uniform integers without std::uniform_int_distribution (whose output
// differs between standard libraries): rejection sampling on 64 bits.
class Dice {
public:
    explicit Dice(std::uint64_t seed) : gen_(seed) {}

    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n: the biased low values
        std::uint64_t x = 0;
        do {
            x = gen_();
        } while (x < threshold);
        return x % n;
    }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool percent(int p) { return below(100) < static_cast<std::uint64_t>(p); }
    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[below(items.size())];
    }
    // An index chosen with probability proportional to its weight.
    std::size_t weighted(const std::vector<int>& weights) {
        int total = 0;
        for (int w : weights) total += w;
        auto roll = static_cast<int>(below(static_cast<std::uint64_t>(total)));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    std::mt19937_64 gen_;
};

// ------------------------------------------------------------- cultures --

struct Culture {
    std::string_view key;
    Names women;
    Names men;
    Names families;             // "Kowalski|Kowalska": the man's form, then the woman's
    std::string_view language;  // vocabulary slug of the heritage language
};

const std::vector<Culture> cultures = {
    {"english",
     {"Emily", "Olivia", "Grace",   "Charlotte", "Hannah", "Rachel", "Laura", "Sarah", "Rebecca", "Claire", "Megan",
      "Kate",  "Lucy",   "Eleanor", "Abigail",   "Joanna", "Helen",  "Ruth",  "Naomi", "Siobhan", "Fiona",  "Alice"},
     {"James",   "Daniel", "Thomas", "Michael", "David",    "Oliver", "Samuel", "Ben",  "Matthew", "Andrew", "Owen",
      "Patrick", "Callum", "Edward", "Simon",   "Jonathan", "Peter",  "Liam",   "Rhys", "Stuart",  "Graham", "Nathan"},
     {"Smith",   "Jones",  "Taylor", "Brown",  "Williams", "Wilson", "Evans",   "Thomas", "Roberts",  "Walker",
      "Wright",  "Hughes", "Green",  "Hall",   "Clarke",   "Murphy", "O'Brien", "Kelly",  "Campbell", "Stewart",
      "Bennett", "Foster", "Harper", "Lawson", "Fletcher", "Morgan", "Reid",    "Doyle",  "Sullivan", "Palmer"},
     "en"},
    {"spanish",
     {"Lucía", "María", "Carmen", "Elena", "Paula", "Sofía", "Valentina", "Isabel", "Gabriela", "Camila", "Daniela",
      "Marta", "Pilar", "Alejandra", "Inés", "Rocío", "Natalia", "Ximena"},
     {"Javier", "Alejandro", "Diego", "Pablo", "Andrés", "Carlos", "Mateo", "Rafael", "Santiago", "Miguel", "Sergio",
      "Álvaro", "Emilio", "Fernando", "Joaquín", "Tomás", "Ignacio", "Rodrigo"},
     {"García",  "Fernández", "González", "Rodríguez", "López",   "Martínez", "Sánchez", "Pérez",  "Gómez",
      "Martín",  "Jiménez",   "Ruiz",     "Hernández", "Díaz",    "Moreno",   "Álvarez", "Romero", "Torres",
      "Navarro", "Ortega",    "Castillo", "Vargas",    "Herrera", "Medina",   "Aguilar"},
     "es"},
    {"french",
     {"Camille", "Léa", "Manon", "Chloé", "Inès", "Juliette", "Élodie", "Claire", "Céline", "Margaux", "Aurélie",
      "Mathilde", "Émilie", "Sophie", "Hélène", "Anaïs", "Pauline", "Agathe"},
     {"Hugo", "Louis", "Théo", "Antoine", "Julien", "Nicolas", "Mathieu", "Baptiste", "Sébastien", "Olivier",
      "Guillaume", "Vincent", "Rémi", "Arnaud", "Clément", "Jérôme", "Maxime", "Étienne"},
     {"Martin", "Bernard", "Dubois",  "Robert",   "Richard",  "Petit",     "Durand",  "Leroy",    "Moreau",
      "Simon",  "Laurent", "Lefèvre", "Michel",   "Bertrand", "Roux",      "Vincent", "Fournier", "Girard",
      "Bonnet", "Dupont",  "Lambert", "Fontaine", "Rousseau", "Chevalier", "Gauthier"},
     "fr"},
    {"german",
     {"Anna",  "Lena",      "Katharina", "Sophie", "Miriam",  "Johanna", "Clara",   "Julia",  "Sabine", "Hannah",
      "Greta", "Franziska", "Theresa",   "Ulrike", "Carolin", "Annika",  "Marlene", "Verena", "Birgit", "Nina"},
     {"Lukas", "Jonas",     "Felix",     "Matthias", "Tobias", "Stefan",  "Andreas", "Moritz", "Elias", "Florian",
      "Jan",   "Sebastian", "Christoph", "Markus",   "Jakob",  "Philipp", "Henrik",  "Martin", "Ralf",  "Benedikt"},
     {"Müller",     "Schmidt", "Schneider", "Fischer", "Weber",  "Wagner", "Becker",  "Hoffmann",
      "Schäfer",    "Koch",    "Richter",   "Bauer",   "Klein",  "Wolf",   "Neumann", "Schwarz",
      "Zimmermann", "Krüger",  "Hartmann",  "Lange",   "Brandt", "Vogel",  "Keller",  "Frank",
      "Berger",     "Winkler", "Lorenz",    "Kühn",    "Pohl",   "Engel"},
     "de"},
    {"italian",
     {"Giulia", "Francesca", "Chiara", "Sara", "Martina", "Alessia", "Elisa", "Federica", "Valentina", "Silvia",
      "Roberta", "Ilaria", "Beatrice", "Serena", "Caterina", "Elena"},
     {"Marco", "Luca", "Matteo", "Andrea", "Lorenzo", "Davide", "Simone", "Giorgio", "Paolo", "Alessandro", "Riccardo",
      "Stefano", "Federico", "Tommaso", "Nicola", "Emanuele"},
     {"Rossi",   "Russo", "Ferrari",  "Esposito", "Bianchi",  "Romano",  "Colombo", "Ricci",
      "Marino",  "Greco", "Bruno",    "Gallo",    "Conti",    "De Luca", "Costa",   "Giordano",
      "Mancini", "Rizzo", "Lombardi", "Moretti",  "Barbieri", "Fontana", "Caruso",  "Ferrara"},
     "it"},
    {"portuguese",
     {"Ana", "Beatriz", "Mariana", "Inês", "Larissa", "Fernanda", "Camila", "Renata", "Juliana", "Letícia", "Vitória",
      "Carolina", "Rita", "Joana", "Luana", "Patrícia"},
     {"João", "Pedro", "Tiago", "Rafael", "Gustavo", "Bruno", "Lucas", "Rodrigo", "Thiago", "Miguel", "Diogo",
      "Henrique", "Vinícius", "André", "Caio", "Nuno"},
     {"Silva",      "Santos", "Oliveira", "Souza",     "Pereira",  "Costa",   "Rodrigues", "Almeida",
      "Nascimento", "Lima",   "Araújo",   "Fernandes", "Carvalho", "Gomes",   "Martins",   "Rocha",
      "Ribeiro",    "Alves",  "Monteiro", "Mendes",    "Barbosa",  "Cardoso", "Teixeira",  "Correia"},
     "pt"},
    {"dutch",
     {"Sanne", "Fleur", "Lotte", "Eva", "Anouk", "Femke", "Iris", "Lieke", "Noor", "Floor", "Marieke", "Esther", "Ilse",
      "Maartje"},
     {"Daan", "Sem", "Bram", "Thijs", "Ruben", "Jeroen", "Maarten", "Joost", "Wouter", "Pieter", "Niels", "Koen",
      "Sander", "Gijs"},
     {"de Jong",     "Jansen",  "de Vries", "van den Berg", "van Dijk", "Bakker",    "Visser", "Smit",
      "Meijer",      "de Boer", "Mulder",   "de Groot",     "Bos",      "Vos",       "Peters", "Hendriks",
      "van Leeuwen", "Dekker",  "Brouwer",  "de Wit",       "Willems",  "Verhoeven", "Claes",  "Maes"},
     "nl"},
    {"swedish",
     {"Astrid", "Ingrid", "Sigrid", "Freja", "Maja", "Elin", "Karin", "Linnea", "Ebba", "Saga", "Klara", "Annika"},
     {"Erik", "Lars", "Anders", "Johan", "Magnus", "Nils", "Henrik", "Oskar", "Emil", "Gustav", "Axel", "Viktor"},
     {"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Lindqvist", "Berg", "Holm", "Dahl",
      "Lund", "Lindgren", "Sandberg", "Ekström", "Forsberg", "Sjöberg", "Wallin", "Håkansson"},
     "sv"},
    {"polish",
     {"Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Aleksandra", "Zofia", "Marta", "Ewa", "Natalia", "Monika",
      "Dorota", "Justyna", "Karolina", "Barbara"},
     {"Piotr", "Tomasz", "Paweł", "Krzysztof", "Michał", "Jakub", "Marcin", "Wojciech", "Łukasz", "Bartosz", "Grzegorz",
      "Adam", "Kamil", "Szymon"},
     {"Nowak",
      "Kowalski|Kowalska",
      "Wiśniewski|Wiśniewska",
      "Wójcik",
      "Kowalczyk",
      "Kamiński|Kamińska",
      "Lewandowski|Lewandowska",
      "Zieliński|Zielińska",
      "Szymański|Szymańska",
      "Woźniak",
      "Dąbrowski|Dąbrowska",
      "Kozłowski|Kozłowska",
      "Mazur",
      "Krawczyk",
      "Kaczmarek",
      "Zając",
      "Król",
      "Wróbel",
      "Sikora",
      "Walczak"},
     "pl"},
    {"turkish",
     {"Elif", "Zeynep", "Ayşe", "Merve", "Selin", "Deniz", "Ece", "Leyla", "Yasemin", "Derya", "Gizem", "Esra"},
     {"Emre", "Mehmet", "Can", "Burak", "Kerem", "Murat", "Cem", "Ozan", "Baran", "Eren", "Serkan", "Volkan"},
     {"Yılmaz", "Kaya",  "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
      "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara",   "Koç",      "Kurt",   "Özkan", "Şimşek"},
     "tr"},
    {"arabic",
     {"Layla", "Nour", "Yasmin", "Salma", "Amira", "Rania", "Hana", "Dina", "Mariam", "Lina", "Nadia", "Reem", "Farah",
      "Huda"},
     {"Omar", "Karim", "Youssef", "Tariq", "Sami", "Rami", "Khaled", "Hadi", "Ziad", "Bassam", "Nabil", "Walid", "Fadi",
      "Hisham"},
     {"Haddad",  "Khalil",  "Mansour", "Nasser", "Saleh",  "Hassan",  "Farouk", "Aziz", "Rahman", "Qasim",
      "El-Amin", "Darwish", "Sabbagh", "Hamdan", "Najjar", "Barakat", "Sayegh", "Issa", "Khoury", "Jaber"},
     "ar"},
    {"hindi",
     {"Priya", "Ananya", "Kavya", "Meera", "Aditi", "Ishita", "Neha", "Shreya", "Divya", "Pooja", "Lakshmi", "Radhika",
      "Sunita", "Tanvi"},
     {"Arjun", "Rohan", "Vikram", "Aarav", "Karan", "Rahul", "Siddharth", "Nikhil", "Sanjay", "Anil", "Varun", "Aditya",
      "Manish", "Deepak"},
     {"Sharma", "Patel", "Iyer",  "Reddy",    "Nair",       "Menon",    "Gupta",  "Rao",   "Singh", "Kapoor",
      "Mehta",  "Desai", "Joshi", "Banerjee", "Chatterjee", "Krishnan", "Pillai", "Verma", "Bose",  "Kulkarni"},
     "hi"},
    {"urdu",
     {"Ayesha", "Fatima", "Zainab", "Hira", "Sana", "Mahnoor", "Iqra", "Maryam", "Amna", "Noor", "Sadia", "Rabia"},
     {"Ali", "Hamza", "Bilal", "Usman", "Faisal", "Imran", "Saad", "Farhan", "Asad", "Kashif", "Adnan", "Zubair"},
     {"Khan", "Ahmed", "Malik", "Hussain", "Qureshi", "Butt", "Chaudhry", "Shah", "Siddiqui", "Raza", "Iqbal", "Mirza",
      "Sheikh", "Javed", "Akhtar", "Baig", "Abbasi", "Hashmi"},
     "ur"},
    {"bengali",
     {"Nusrat", "Tahmina", "Farzana", "Anika", "Rumana", "Shirin", "Moumita", "Sharmin", "Tania", "Rupa"},
     {"Tanvir", "Rafiq", "Arif", "Sabbir", "Mahmud", "Shafiq", "Rakib", "Sourav", "Imtiaz", "Partha"},
     {"Rahman", "Hossain", "Islam", "Chowdhury", "Uddin", "Karim", "Sarkar", "Das", "Roy", "Mitra", "Haque",
      "Talukdar"},
     "bn"},
    {"chinese",
     {"Mei", "Xin", "Jia", "Hui", "Ying", "Lin", "Qing", "Min", "Fang", "Yan", "Ling", "Xiaoyu", "Jing", "Wen"},
     {"Wei", "Jun", "Hao", "Yu", "Tao", "Lei", "Zhen", "Bo", "Jian", "Ming", "Kai", "Chen", "Yang", "Feng"},
     {"Wang", "Li",  "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",  "Zhou", "Xu",  "Sun",
      "Ma",   "Zhu", "Hu",    "Guo", "Lin",  "He",   "Gao",   "Tan",  "Lim", "Ong",  "Teo", "Ng"},
     "zh"},
    {"japanese",
     {"Yuki", "Haruka", "Aoi", "Sakura", "Mio", "Emi", "Naomi", "Yui", "Rina", "Ayumi", "Kaori", "Misaki"},
     {"Kenji", "Takeshi", "Haruto", "Daiki", "Ren", "Sota", "Akira", "Hiroshi", "Kaito", "Shun", "Yusuke", "Kazuki"},
     {"Sato",    "Suzuki", "Takahashi", "Tanaka",    "Watanabe",  "Ito",   "Yamamoto", "Nakamura", "Kobayashi", "Kato",
      "Yoshida", "Yamada", "Sasaki",    "Yamaguchi", "Matsumoto", "Inoue", "Kimura",   "Hayashi",  "Shimizu",   "Mori"},
     "ja"},
    {"korean",
     {"Ji-woo", "Seo-yeon", "Min-ji", "Ha-eun", "Soo-jin", "Eun-ji", "Yoon-seo", "Da-eun", "Ye-jin", "Hye-jin"},
     {"Ji-hoon", "Min-jun", "Seo-jun", "Hyun-woo", "Dong-hyun", "Jae-won", "Sung-min", "Tae-yang", "Jun-ho",
      "Sang-woo"},
     {"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon",
      "Hwang", "Ahn", "Song"},
     "ko"},
    {"vietnamese",
     {"Linh", "Mai", "Thảo", "Hương", "Lan", "Ngọc", "Trang", "Hà", "Vy", "Thu"},
     {"Minh", "Anh", "Huy", "Khoa", "Nam", "Phúc", "Tuấn", "Quang", "Bảo", "Đức"},
     {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"},
     "vi"},
    {"filipino",
     {"Angelica", "Kristine", "Patricia", "Joy", "Camille", "Jasmine", "Bea", "Trisha", "Liza", "Maricel"},
     {"Mark", "Carlo", "Miguel", "Paolo", "Rafael", "Joshua", "Enrique", "Ramon", "Jerome", "Noel"},
     {"Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Tomas", "Castillo", "Flores",
      "Villanueva", "Ramos", "Castro", "Rivera", "Aquino", "Dela Cruz", "Salazar"},
     "tl"},
    {"indonesian",
     {"Putri", "Sari", "Dewi", "Ayu", "Rina", "Wulan", "Intan", "Nadia", "Siti", "Ratna"},
     {"Budi", "Agus", "Rizky", "Dimas", "Fajar", "Andi", "Bayu", "Hendra", "Yusuf", "Teguh"},
     {"Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma", "Setiawan", "Nugroho", "Halim", "Gunawan",
      "Susanto", "Lestari", "Wibowo", "Hartono", "Siregar", "Utomo"},
     "id"},
    {"east_african",
     {"Amani", "Wanjiru", "Akinyi", "Neema", "Zawadi", "Imani", "Njeri", "Achieng", "Rehema", "Halima"},
     {"Baraka", "Juma", "Otieno", "Kamau", "Mwangi", "Ouma", "Kiprop", "Omondi", "Hamisi", "Daudi"},
     {"Mwangi", "Otieno", "Kariuki", "Njoroge", "Wambui", "Mutua", "Odhiambo", "Kimani", "Wafula", "Chege", "Mollel",
      "Massawe"},
     "sw"},
    {"west_african",
     {"Chiamaka", "Ngozi", "Adaeze", "Ama", "Abena", "Folake", "Yetunde", "Efua", "Ifeoma", "Zainab"},
     {"Tunde", "Emeka", "Kwame", "Kofi", "Chidi", "Segun", "Kwabena", "Obinna", "Yaw", "Femi"},
     {"Okafor", "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Mensah", "Boateng", "Asante", "Owusu", "Adebayo", "Obi",
      "Afolabi", "Appiah", "Oyelaran"},
     "en"},
    {"southern_african",
     {"Thandiwe", "Nomsa", "Lindiwe", "Zanele", "Palesa", "Naledi", "Busisiwe", "Ayanda", "Karabo", "Lerato"},
     {"Sipho", "Thabo", "Mandla", "Sizwe", "Bongani", "Lwazi", "Kagiso", "Tshepo", "Themba", "Andile"},
     {"Nkosi", "Dlamini", "Ndlovu", "Mokoena", "Khumalo", "Mahlangu", "Zulu", "Mthembu", "Molefe", "Naidoo",
      "van der Merwe", "Botha"},
     "en"},
    {"ukrainian",
     {"Olena", "Iryna", "Oksana", "Kateryna", "Natalia", "Svitlana", "Yulia", "Anastasia", "Daria", "Viktoria"},
     {"Andriy", "Dmytro", "Oleksandr", "Serhiy", "Taras", "Mykola", "Ivan", "Maksym", "Bohdan", "Yaroslav"},
     {"Shevchenko", "Bondarenko", "Kovalenko", "Tkachenko", "Kravchenko", "Boyko", "Melnyk", "Savchenko", "Rudenko",
      "Marchenko", "Lysenko", "Petrenko", "Moroz", "Pavlenko", "Kuzmenko", "Oliynyk"},
     "uk"},
    {"persian",
     {"Shirin", "Parisa", "Nasrin", "Laleh", "Mina", "Neda", "Roya", "Azadeh", "Maryam", "Leila", "Sara"},
     {"Darius", "Kian", "Arash", "Babak", "Reza", "Omid", "Navid", "Farhad", "Kaveh", "Cyrus", "Payam"},
     {"Hosseini", "Ahmadi", "Karimi", "Rahimi", "Mohammadi", "Jafari", "Moradi", "Rezaei", "Tehrani", "Sadeghi",
      "Farahani", "Nazari", "Kazemi", "Shirazi", "Yazdani", "Amini"},
     "fa"},
    {"hebrew",
     {"Noa", "Tamar", "Maya", "Shira", "Yael", "Michal", "Adi", "Noga", "Liat", "Roni"},
     {"Yonatan", "Itai", "Omer", "Eitan", "Ariel", "Daniel", "Amit", "Nadav", "Gal", "Ido"},
     {"Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Katz", "Azulay", "Dahan", "Shapiro", "Ben-David",
      "Golan", "Segal", "Rosen", "Harel", "Shalev"},
     "he"},
    {"greek",
     {"Eleni", "Maria", "Katerina", "Sofia", "Dimitra", "Georgia", "Ioanna", "Vasiliki", "Theodora", "Eirini"},
     {"Nikos", "Giorgos", "Dimitris", "Kostas", "Yannis", "Panagiotis", "Christos", "Alexandros", "Stavros",
      "Michalis"},
     {"Papadopoulos|Papadopoulou", "Georgiou", "Nikolaidis|Nikolaidou", "Konstantinidis|Konstantinidou", "Dimitriou",
      "Ioannidis|Ioannidou", "Vlachos|Vlachou", "Karagiannis|Karagianni", "Alexiou", "Makris|Makri", "Oikonomou",
      "Antoniou"},
     "el"},
    {"romanian",
     {"Ioana", "Andreea", "Elena", "Alexandra", "Cristina", "Mihaela", "Raluca", "Diana", "Irina", "Oana"},
     {"Andrei", "Mihai", "Alexandru", "Ionuț", "Bogdan", "Radu", "Vlad", "Adrian", "Sorin", "Cătălin"},
     {"Popescu", "Ionescu", "Popa", "Dumitrescu", "Stan", "Stoica", "Gheorghe", "Matei", "Constantin", "Rusu",
      "Munteanu", "Marin", "Tudor", "Dobre", "Barbu", "Lazăr"},
     "ro"},
};

const Culture& culture(std::string_view key) {
    for (const auto& c : cultures) {
        if (c.key == key) return c;
    }
    throw std::logic_error("unknown culture " + std::string(key));
}

// ------------------------------------------------------------ countries --

struct City {
    std::string_view name;
    std::string_view timezone;
    std::string_view region;    // state or province, for licence bodies
    std::string_view language;  // a regional language often spoken there, or ""
};

struct Country {
    std::string_view code;
    int weight;  // share of the catalogue, roughly
    std::string_view currency;
    int fee_low, fee_high, fee_step;
    std::vector<City> cities;
    std::vector<std::pair<std::string_view, int>> cultures;  // culture key, weight
    Names languages;                                         // spoken by (nearly) every specialist there
    int english_percent;
    Names credentials;     // empty: the international list
    Names licence_bodies;  // "{}" is replaced by the city's region
};

const Names international_credentials = {
    "MSc, Clinical Psychologist",       "PhD, Clinical Psychologist",    "MA, Psychotherapist",
    "Licensed Psychotherapist",         "MSc, Counselling Psychologist", "Dr. phil., Psychotherapist",
    "MA, Couples and Family Therapist", "Registered Psychologist",       "MSc, Psychotherapist (Integrative)",
    "PsyD, Clinical Psychologist"};

const std::vector<Country> countries = {
    {"US",
     180,
     "USD",
     90,
     220,
     5,
     {{"New York", "America/New_York", "New York", ""},
      {"Los Angeles", "America/Los_Angeles", "California", "es"},
      {"Chicago", "America/Chicago", "Illinois", ""},
      {"Seattle", "America/Los_Angeles", "Washington", ""},
      {"Austin", "America/Chicago", "Texas", "es"},
      {"Boston", "America/New_York", "Massachusetts", ""},
      {"Denver", "America/Denver", "Colorado", ""},
      {"Philadelphia", "America/New_York", "Pennsylvania", ""},
      {"Atlanta", "America/New_York", "Georgia", ""},
      {"Minneapolis", "America/Chicago", "Minnesota", ""},
      {"Portland", "America/Los_Angeles", "Oregon", ""},
      {"San Diego", "America/Los_Angeles", "California", "es"},
      {"Miami", "America/New_York", "Florida", "es"}},
     {{"english", 60},
      {"spanish", 14},
      {"chinese", 4},
      {"hindi", 4},
      {"korean", 3},
      {"vietnamese", 3},
      {"filipino", 3},
      {"persian", 2},
      {"arabic", 2},
      {"hebrew", 1},
      {"west_african", 2},
      {"ukrainian", 2}},
     {"en"},
     100,
     {"PhD, Licensed Psychologist", "PsyD, Licensed Psychologist", "LCSW", "MSW, LCSW", "LMFT", "MA, LMFT", "LPC",
      "MA, LPC", "LMHC", "PhD, LMFT"},
     {"{} Board of Behavioral Health", "{} Board of Psychology", "{} Board of Social Work"}},
    {"GB",
     100,
     "GBP",
     50,
     120,
     5,
     {{"London", "Europe/London", "England", ""},
      {"Manchester", "Europe/London", "England", ""},
      {"Bristol", "Europe/London", "England", ""},
      {"Edinburgh", "Europe/London", "Scotland", ""},
      {"Leeds", "Europe/London", "England", ""},
      {"Glasgow", "Europe/London", "Scotland", ""},
      {"Birmingham", "Europe/London", "England", ""},
      {"Brighton", "Europe/London", "England", ""},
      {"Cardiff", "Europe/London", "Wales", ""},
      {"Belfast", "Europe/London", "Northern Ireland", ""}},
     {{"english", 70},
      {"hindi", 6},
      {"urdu", 6},
      {"west_african", 4},
      {"polish", 4},
      {"arabic", 2},
      {"chinese", 2},
      {"italian", 2},
      {"persian", 2},
      {"bengali", 2}},
     {"en"},
     100,
     {"MBACP (Accred)", "UKCP Registered Psychotherapist", "DClinPsy, HCPC Registered", "CPsychol", "PGDip, MBACP",
      "MSc, UKCP Registered"},
     {"Health and Care Professions Council", "British Association for Counselling and Psychotherapy",
      "UK Council for Psychotherapy"}},
    {"DE",
     80,
     "EUR",
     70,
     140,
     5,
     {{"Berlin", "Europe/Berlin", "Berlin", ""},
      {"Hamburg", "Europe/Berlin", "Hamburg", ""},
      {"München", "Europe/Berlin", "Bayern", ""},
      {"Köln", "Europe/Berlin", "Nordrhein-Westfalen", ""},
      {"Frankfurt am Main", "Europe/Berlin", "Hessen", ""},
      {"Leipzig", "Europe/Berlin", "Sachsen", ""},
      {"Stuttgart", "Europe/Berlin", "Baden-Württemberg", ""},
      {"Düsseldorf", "Europe/Berlin", "Nordrhein-Westfalen", ""},
      {"Freiburg im Breisgau", "Europe/Berlin", "Baden-Württemberg", ""},
      {"Dresden", "Europe/Berlin", "Sachsen", ""}},
     {{"german", 72},
      {"turkish", 10},
      {"polish", 4},
      {"persian", 4},
      {"arabic", 3},
      {"ukrainian", 3},
      {"greek", 2},
      {"italian", 2}},
     {"de"},
     70,
     {},
     {"Psychotherapeutenkammer {}"}},
    {"CA",
     50,
     "CAD",
     100,
     200,
     5,
     {{"Toronto", "America/Toronto", "Ontario", ""},
      {"Vancouver", "America/Vancouver", "British Columbia", ""},
      {"Montréal", "America/Toronto", "Québec", "fr"},
      {"Calgary", "America/Edmonton", "Alberta", ""},
      {"Ottawa", "America/Toronto", "Ontario", "fr"},
      {"Halifax", "America/Halifax", "Nova Scotia", ""}},
     {{"english", 60},
      {"french", 15},
      {"chinese", 7},
      {"hindi", 7},
      {"persian", 3},
      {"filipino", 3},
      {"arabic", 2},
      {"ukrainian", 3}},
     {"en"},
     100,
     {"MSW, RSW", "Registered Psychotherapist", "PhD, C.Psych.", "MA, RCC", "M.Ed., Canadian Certified Counsellor"},
     {"College of Registered Psychotherapists ({})", "College of Psychologists ({})"}},
    {"AU",
     40,
     "AUD",
     120,
     240,
     10,
     {{"Sydney", "Australia/Sydney", "New South Wales", ""},
      {"Melbourne", "Australia/Melbourne", "Victoria", ""},
      {"Brisbane", "Australia/Brisbane", "Queensland", ""},
      {"Perth", "Australia/Perth", "Western Australia", ""},
      {"Adelaide", "Australia/Adelaide", "South Australia", ""},
      {"Hobart", "Australia/Hobart", "Tasmania", ""}},
     {{"english", 70},
      {"chinese", 8},
      {"vietnamese", 5},
      {"greek", 4},
      {"italian", 4},
      {"hindi", 5},
      {"filipino", 2},
      {"arabic", 2}},
     {"en"},
     100,
     {"MPsych (Clinical)", "Registered Psychologist", "MCouns, PACFA Registered", "Clinical Psychologist"},
     {"Psychology Board of Australia", "PACFA"}},
    {"NZ",
     10,
     "NZD",
     110,
     200,
     10,
     {{"Auckland", "Pacific/Auckland", "Auckland", ""},
      {"Wellington", "Pacific/Auckland", "Wellington", ""},
      {"Christchurch", "Pacific/Auckland", "Canterbury", ""}},
     {{"english", 80}, {"chinese", 8}, {"hindi", 6}, {"filipino", 3}, {"korean", 3}},
     {"en"},
     100,
     {"MNZAC", "Registered Psychologist", "PGDipPsych (Clin)"},
     {"New Zealand Psychologists Board", "Psychotherapists Board of Aotearoa New Zealand"}},
    {"IE",
     15,
     "EUR",
     60,
     110,
     5,
     {{"Dublin", "Europe/Dublin", "Leinster", ""},
      {"Cork", "Europe/Dublin", "Munster", ""},
      {"Galway", "Europe/Dublin", "Connacht", ""},
      {"Limerick", "Europe/Dublin", "Munster", ""}},
     {{"english", 85}, {"polish", 8}, {"portuguese", 4}, {"west_african", 3}},
     {"en"},
     100,
     {"MIACP", "Reg. Psychol., PsSI", "MSc, IAHIP Accredited"},
     {"Irish Association for Counselling and Psychotherapy", "Psychological Society of Ireland"}},
    {"FR",
     40,
     "EUR",
     50,
     100,
     5,
     {{"Paris", "Europe/Paris", "Île-de-France", ""},
      {"Lyon", "Europe/Paris", "Auvergne-Rhône-Alpes", ""},
      {"Marseille", "Europe/Paris", "Provence-Alpes-Côte d'Azur", ""},
      {"Toulouse", "Europe/Paris", "Occitanie", ""},
      {"Bordeaux", "Europe/Paris", "Nouvelle-Aquitaine", ""},
      {"Lille", "Europe/Paris", "Hauts-de-France", ""},
      {"Nantes", "Europe/Paris", "Pays de la Loire", ""},
      {"Strasbourg", "Europe/Paris", "Grand Est", "de"}},
     {{"french", 75}, {"arabic", 12}, {"portuguese", 4}, {"west_african", 4}, {"vietnamese", 3}, {"spanish", 2}},
     {"fr"},
     45,
     {},
     {"Répertoire ADELI ({})"}},
    {"BE",
     10,
     "EUR",
     50,
     90,
     5,
     {{"Bruxelles", "Europe/Brussels", "Brussels", "fr"},
      {"Antwerpen", "Europe/Brussels", "Flanders", "nl"},
      {"Gent", "Europe/Brussels", "Flanders", "nl"},
      {"Liège", "Europe/Brussels", "Wallonia", "fr"}},
     {{"french", 40}, {"dutch", 45}, {"arabic", 8}, {"turkish", 4}, {"italian", 3}},
     {},
     60,
     {},
     {"Psychologencommissie / Commission des Psychologues"}},
    {"NL",
     30,
     "EUR",
     70,
     130,
     5,
     {{"Amsterdam", "Europe/Amsterdam", "Noord-Holland", ""},
      {"Rotterdam", "Europe/Amsterdam", "Zuid-Holland", ""},
      {"Utrecht", "Europe/Amsterdam", "Utrecht", ""},
      {"Den Haag", "Europe/Amsterdam", "Zuid-Holland", ""},
      {"Eindhoven", "Europe/Amsterdam", "Noord-Brabant", ""},
      {"Groningen", "Europe/Amsterdam", "Groningen", ""}},
     {{"dutch", 80}, {"turkish", 6}, {"arabic", 6}, {"indonesian", 4}, {"german", 2}, {"polish", 2}},
     {"nl"},
     90,
     {},
     {"BIG-register"}},
    {"CH",
     15,
     "CHF",
     120,
     200,
     5,
     {{"Zürich", "Europe/Zurich", "Zürich", "de"},
      {"Genève", "Europe/Zurich", "Genève", "fr"},
      {"Basel", "Europe/Zurich", "Basel-Stadt", "de"},
      {"Bern", "Europe/Zurich", "Bern", "de"},
      {"Lausanne", "Europe/Zurich", "Vaud", "fr"},
      {"Lugano", "Europe/Zurich", "Ticino", "it"}},
     {{"german", 55}, {"french", 25}, {"italian", 12}, {"portuguese", 4}, {"turkish", 2}, {"spanish", 2}},
     {},
     70,
     {},
     {"PsyReg (Kanton {})"}},
    {"AT",
     15,
     "EUR",
     70,
     130,
     5,
     {{"Wien", "Europe/Vienna", "Wien", ""},
      {"Graz", "Europe/Vienna", "Steiermark", ""},
      {"Linz", "Europe/Vienna", "Oberösterreich", ""},
      {"Salzburg", "Europe/Vienna", "Salzburg", ""},
      {"Innsbruck", "Europe/Vienna", "Tirol", ""}},
     {{"german", 80}, {"turkish", 8}, {"polish", 3}, {"romanian", 3}, {"persian", 3}, {"ukrainian", 3}},
     {"de"},
     65,
     {},
     {"Psychotherapeutenliste des Gesundheitsministeriums"}},
    {"ES",
     40,
     "EUR",
     40,
     80,
     5,
     {{"Madrid", "Europe/Madrid", "Comunidad de Madrid", ""},
      {"Barcelona", "Europe/Madrid", "Cataluña", ""},
      {"Valencia", "Europe/Madrid", "Comunitat Valenciana", ""},
      {"Sevilla", "Europe/Madrid", "Andalucía", ""},
      {"Bilbao", "Europe/Madrid", "País Vasco", ""},
      {"Málaga", "Europe/Madrid", "Andalucía", ""},
      {"Zaragoza", "Europe/Madrid", "Aragón", ""},
      {"Granada", "Europe/Madrid", "Andalucía", ""}},
     {{"spanish", 88}, {"arabic", 4}, {"romanian", 4}, {"italian", 2}, {"english", 2}},
     {"es"},
     40,
     {},
     {"Colegio Oficial de la Psicología ({})"}},
    {"IT",
     30,
     "EUR",
     50,
     90,
     5,
     {{"Roma", "Europe/Rome", "Lazio", ""},
      {"Milano", "Europe/Rome", "Lombardia", ""},
      {"Torino", "Europe/Rome", "Piemonte", ""},
      {"Bologna", "Europe/Rome", "Emilia-Romagna", ""},
      {"Firenze", "Europe/Rome", "Toscana", ""},
      {"Napoli", "Europe/Rome", "Campania", ""},
      {"Padova", "Europe/Rome", "Veneto", ""}},
     {{"italian", 90}, {"romanian", 5}, {"arabic", 3}, {"spanish", 2}},
     {"it"},
     40,
     {},
     {"Ordine degli Psicologi ({})"}},
    {"PT",
     15,
     "EUR",
     40,
     70,
     5,
     {{"Lisboa", "Europe/Lisbon", "Lisboa", ""},
      {"Porto", "Europe/Lisbon", "Porto", ""},
      {"Coimbra", "Europe/Lisbon", "Coimbra", ""},
      {"Braga", "Europe/Lisbon", "Braga", ""}},
     {{"portuguese", 90}, {"ukrainian", 4}, {"english", 3}, {"spanish", 3}},
     {"pt"},
     55,
     {},
     {"Ordem dos Psicólogos Portugueses"}},
    {"SE",
     15,
     "SEK",
     800,
     1400,
     50,
     {{"Stockholm", "Europe/Stockholm", "Stockholm", ""},
      {"Göteborg", "Europe/Stockholm", "Västra Götaland", ""},
      {"Malmö", "Europe/Stockholm", "Skåne", ""},
      {"Uppsala", "Europe/Stockholm", "Uppsala", ""}},
     {{"swedish", 80}, {"persian", 6}, {"arabic", 6}, {"polish", 3}, {"turkish", 2}, {"english", 3}},
     {"sv"},
     90,
     {},
     {"Socialstyrelsen"}},
    {"PL",
     20,
     "PLN",
     150,
     300,
     10,
     {{"Warszawa", "Europe/Warsaw", "Mazowieckie", ""},
      {"Kraków", "Europe/Warsaw", "Małopolskie", ""},
      {"Wrocław", "Europe/Warsaw", "Dolnośląskie", ""},
      {"Gdańsk", "Europe/Warsaw", "Pomorskie", ""},
      {"Poznań", "Europe/Warsaw", "Wielkopolskie", ""},
      {"Łódź", "Europe/Warsaw", "Łódzkie", ""}},
     {{"polish", 92}, {"ukrainian", 8}},
     {"pl"},
     55,
     {},
     {"Polskie Towarzystwo Psychologiczne", "Polskie Towarzystwo Psychoterapii Poznawczej i Behawioralnej"}},
    {"RO",
     10,
     "RON",
     150,
     350,
     10,
     {{"București", "Europe/Bucharest", "București", ""},
      {"Cluj-Napoca", "Europe/Bucharest", "Cluj", ""},
      {"Iași", "Europe/Bucharest", "Iași", ""},
      {"Timișoara", "Europe/Bucharest", "Timiș", ""},
      {"Brașov", "Europe/Bucharest", "Brașov", ""}},
     {{"romanian", 100}},
     {"ro"},
     55,
     {},
     {"Colegiul Psihologilor din România"}},
    {"GR",
     10,
     "EUR",
     40,
     70,
     5,
     {{"Athens", "Europe/Athens", "Attica", ""},
      {"Thessaloniki", "Europe/Athens", "Central Macedonia", ""},
      {"Patras", "Europe/Athens", "Western Greece", ""},
      {"Heraklion", "Europe/Athens", "Crete", ""}},
     {{"greek", 100}},
     {"el"},
     65,
     {},
     {"Hellenic Psychological Society"}},
    {"UA",
     10,
     "EUR",
     25,
     50,
     5,
     {{"Kyiv", "Europe/Kyiv", "Kyiv", ""},
      {"Lviv", "Europe/Kyiv", "Lviv", ""},
      {"Odesa", "Europe/Kyiv", "Odesa", "ru"},
      {"Kharkiv", "Europe/Kyiv", "Kharkiv", "ru"},
      {"Dnipro", "Europe/Kyiv", "Dnipro", "ru"}},
     {{"ukrainian", 100}},
     {"uk"},
     60,
     {},
     {"Ukrainian Union of Psychotherapists"}},
    {"TR",
     20,
     "EUR",
     30,
     70,
     5,
     {{"İstanbul", "Europe/Istanbul", "İstanbul", ""},
      {"Ankara", "Europe/Istanbul", "Ankara", ""},
      {"İzmir", "Europe/Istanbul", "İzmir", ""},
      {"Bursa", "Europe/Istanbul", "Bursa", ""},
      {"Antalya", "Europe/Istanbul", "Antalya", ""}},
     {{"turkish", 100}},
     {"tr"},
     50,
     {},
     {"Türk Psikologlar Derneği"}},
    {"IL",
     10,
     "USD",
     80,
     150,
     5,
     {{"Tel Aviv", "Asia/Jerusalem", "Tel Aviv", ""},
      {"Jerusalem", "Asia/Jerusalem", "Jerusalem", ""},
      {"Haifa", "Asia/Jerusalem", "Haifa", "ar"}},
     {{"hebrew", 75}, {"arabic", 15}, {"ukrainian", 10}},
     {"he"},
     85,
     {},
     {"Israel Ministry of Health"}},
    {"AE",
     10,
     "USD",
     120,
     220,
     10,
     {{"Dubai", "Asia/Dubai", "Dubai", ""},
      {"Abu Dhabi", "Asia/Dubai", "Abu Dhabi", ""},
      {"Sharjah", "Asia/Dubai", "Sharjah", ""}},
     {{"arabic", 35}, {"hindi", 25}, {"urdu", 10}, {"filipino", 10}, {"english", 15}, {"persian", 5}},
     {},
     95,
     {},
     {"Dubai Health Authority", "Department of Health Abu Dhabi"}},
    {"EG",
     10,
     "USD",
     25,
     60,
     5,
     {{"Cairo", "Africa/Cairo", "Cairo", ""},
      {"Alexandria", "Africa/Cairo", "Alexandria", ""},
      {"Giza", "Africa/Cairo", "Giza", ""}},
     {{"arabic", 100}},
     {"ar"},
     60,
     {},
     {"Egyptian Association for Psychotherapists"}},
    {"IN",
     50,
     "INR",
     1500,
     4000,
     100,
     {{"Mumbai", "Asia/Kolkata", "Maharashtra", "mr"},
      {"Pune", "Asia/Kolkata", "Maharashtra", "mr"},
      {"Bengaluru", "Asia/Kolkata", "Karnataka", ""},
      {"Delhi", "Asia/Kolkata", "Delhi", ""},
      {"Chennai", "Asia/Kolkata", "Tamil Nadu", "ta"},
      {"Hyderabad", "Asia/Kolkata", "Telangana", "te"},
      {"Kolkata", "Asia/Kolkata", "West Bengal", "bn"},
      {"Jaipur", "Asia/Kolkata", "Rajasthan", ""}},
     {{"hindi", 100}},
     {},
     95,
     {"M.Phil. Clinical Psychology, RCI Registered", "MA Psychology, Counsellor", "PhD, Clinical Psychologist"},
     {"Rehabilitation Council of India"}},
    {"PK",
     10,
     "USD",
     20,
     50,
     5,
     {{"Karachi", "Asia/Karachi", "Sindh", ""},
      {"Lahore", "Asia/Karachi", "Punjab", ""},
      {"Islamabad", "Asia/Karachi", "Islamabad", ""}},
     {{"urdu", 100}},
     {"ur"},
     85,
     {},
     {"Pakistan Psychological Association"}},
    {"BD",
     5,
     "USD",
     15,
     40,
     5,
     {{"Dhaka", "Asia/Dhaka", "Dhaka", ""}, {"Chattogram", "Asia/Dhaka", "Chattogram", ""}},
     {{"bengali", 100}},
     {"bn"},
     70,
     {},
     {"Bangladesh Clinical Psychology Society"}},
    {"SG",
     10,
     "SGD",
     120,
     250,
     10,
     {{"Singapore", "Asia/Singapore", "Singapore", ""}},
     {{"chinese", 60}, {"hindi", 10}, {"indonesian", 15}, {"english", 15}},
     {"en"},
     100,
     {},
     {"Singapore Psychological Society"}},
    {"JP",
     20,
     "JPY",
     6000,
     15000,
     500,
     {{"Tokyo", "Asia/Tokyo", "Tokyo", ""},
      {"Osaka", "Asia/Tokyo", "Osaka", ""},
      {"Kyoto", "Asia/Tokyo", "Kyoto", ""},
      {"Yokohama", "Asia/Tokyo", "Kanagawa", ""},
      {"Sapporo", "Asia/Tokyo", "Hokkaido", ""},
      {"Fukuoka", "Asia/Tokyo", "Fukuoka", ""}},
     {{"japanese", 100}},
     {"ja"},
     35,
     {"Certified Public Psychologist", "Clinical Psychologist (JSCCP)"},
     {"Ministry of Health, Labour and Welfare"}},
    {"KR",
     15,
     "USD",
     60,
     120,
     5,
     {{"Seoul", "Asia/Seoul", "Seoul", ""},
      {"Busan", "Asia/Seoul", "Busan", ""},
      {"Incheon", "Asia/Seoul", "Incheon", ""},
      {"Daegu", "Asia/Seoul", "Daegu", ""}},
     {{"korean", 100}},
     {"ko"},
     45,
     {},
     {"Korean Psychological Association"}},
    {"VN",
     10,
     "USD",
     25,
     60,
     5,
     {{"Hanoi", "Asia/Ho_Chi_Minh", "Hanoi", ""},
      {"Ho Chi Minh City", "Asia/Ho_Chi_Minh", "Ho Chi Minh City", ""},
      {"Đà Nẵng", "Asia/Ho_Chi_Minh", "Đà Nẵng", ""}},
     {{"vietnamese", 100}},
     {"vi"},
     55,
     {},
     {"Vietnam Psychological Association"}},
    {"PH",
     15,
     "USD",
     25,
     60,
     5,
     {{"Manila", "Asia/Manila", "Metro Manila", ""},
      {"Quezon City", "Asia/Manila", "Metro Manila", ""},
      {"Cebu City", "Asia/Manila", "Cebu", ""},
      {"Davao City", "Asia/Manila", "Davao", ""}},
     {{"filipino", 100}},
     {"tl"},
     95,
     {"RPsy, RPm", "Registered Guidance Counselor"},
     {"Professional Regulation Commission"}},
    {"ID",
     15,
     "USD",
     25,
     60,
     5,
     {{"Jakarta", "Asia/Jakarta", "Jakarta", ""},
      {"Surabaya", "Asia/Jakarta", "East Java", ""},
      {"Bandung", "Asia/Jakarta", "West Java", ""},
      {"Yogyakarta", "Asia/Jakarta", "Yogyakarta", ""},
      {"Denpasar", "Asia/Makassar", "Bali", ""}},
     {{"indonesian", 100}},
     {"id"},
     55,
     {},
     {"Himpunan Psikologi Indonesia"}},
    {"ZA",
     15,
     "ZAR",
     700,
     1400,
     50,
     {{"Johannesburg", "Africa/Johannesburg", "Gauteng", ""},
      {"Cape Town", "Africa/Johannesburg", "Western Cape", ""},
      {"Durban", "Africa/Johannesburg", "KwaZulu-Natal", ""},
      {"Pretoria", "Africa/Johannesburg", "Gauteng", ""}},
     {{"southern_african", 60}, {"english", 35}, {"hindi", 5}},
     {"en"},
     100,
     {"MA Clin Psych, HPCSA Registered", "Registered Counsellor (HPCSA)"},
     {"Health Professions Council of South Africa"}},
    {"KE",
     10,
     "USD",
     30,
     70,
     5,
     {{"Nairobi", "Africa/Nairobi", "Nairobi", ""},
      {"Mombasa", "Africa/Nairobi", "Mombasa", ""},
      {"Kisumu", "Africa/Nairobi", "Kisumu", ""}},
     {{"east_african", 100}},
     {"sw"},
     95,
     {},
     {"Counsellors and Psychologists Board of Kenya"}},
    {"TZ",
     5,
     "USD",
     25,
     60,
     5,
     {{"Dar es Salaam", "Africa/Dar_es_Salaam", "Dar es Salaam", ""}, {"Arusha", "Africa/Dar_es_Salaam", "Arusha", ""}},
     {{"east_african", 100}},
     {"sw"},
     70,
     {},
     {"Tanzania Counselling Association"}},
    {"NG",
     15,
     "USD",
     30,
     70,
     5,
     {{"Lagos", "Africa/Lagos", "Lagos", ""},
      {"Abuja", "Africa/Lagos", "FCT", ""},
      {"Ibadan", "Africa/Lagos", "Oyo", ""},
      {"Port Harcourt", "Africa/Lagos", "Rivers", ""}},
     {{"west_african", 100}},
     {"en"},
     100,
     {},
     {"Nigerian Psychological Association"}},
    {"GH",
     5,
     "USD",
     30,
     60,
     5,
     {{"Accra", "Africa/Accra", "Greater Accra", ""}, {"Kumasi", "Africa/Accra", "Ashanti", ""}},
     {{"west_african", 100}},
     {"en"},
     100,
     {},
     {"Ghana Psychology Council"}},
    {"BR",
     40,
     "BRL",
     150,
     350,
     10,
     {{"São Paulo", "America/Sao_Paulo", "SP", ""},
      {"Rio de Janeiro", "America/Sao_Paulo", "RJ", ""},
      {"Belo Horizonte", "America/Sao_Paulo", "MG", ""},
      {"Porto Alegre", "America/Sao_Paulo", "RS", ""},
      {"Curitiba", "America/Sao_Paulo", "PR", ""},
      {"Salvador", "America/Bahia", "BA", ""},
      {"Recife", "America/Recife", "PE", ""},
      {"Brasília", "America/Sao_Paulo", "DF", ""}},
     {{"portuguese", 85}, {"italian", 5}, {"japanese", 4}, {"arabic", 3}, {"german", 3}},
     {"pt"},
     40,
     {"Psicóloga(o) Clínica(o), CRP", "Psicoterapeuta, CRP"},
     {"Conselho Regional de Psicologia ({})"}},
    {"MX",
     30,
     "MXN",
     600,
     1400,
     50,
     {{"Ciudad de México", "America/Mexico_City", "CDMX", ""},
      {"Guadalajara", "America/Mexico_City", "Jalisco", ""},
      {"Monterrey", "America/Monterrey", "Nuevo León", ""},
      {"Puebla", "America/Mexico_City", "Puebla", ""},
      {"Mérida", "America/Merida", "Yucatán", ""},
      {"Querétaro", "America/Mexico_City", "Querétaro", ""}},
     {{"spanish", 100}},
     {"es"},
     45,
     {},
     {"Cédula Profesional (SEP)"}},
    {"AR",
     15,
     "USD",
     30,
     70,
     5,
     {{"Buenos Aires", "America/Argentina/Buenos_Aires", "CABA", ""},
      {"Córdoba", "America/Argentina/Cordoba", "Córdoba", ""},
      {"Rosario", "America/Argentina/Cordoba", "Santa Fe", ""},
      {"Mendoza", "America/Argentina/Mendoza", "Mendoza", ""}},
     {{"spanish", 90}, {"italian", 10}},
     {"es"},
     45,
     {},
     {"Colegio de Psicólogos ({})"}},
    {"CO",
     10,
     "USD",
     30,
     60,
     5,
     {{"Bogotá", "America/Bogota", "Bogotá", ""},
      {"Medellín", "America/Bogota", "Antioquia", ""},
      {"Cali", "America/Bogota", "Valle del Cauca", ""},
      {"Barranquilla", "America/Bogota", "Atlántico", ""}},
     {{"spanish", 100}},
     {"es"},
     40,
     {},
     {"Colegio Colombiano de Psicólogos"}},
    {"CL",
     5,
     "USD",
     35,
     70,
     5,
     {{"Santiago", "America/Santiago", "Región Metropolitana", ""},
      {"Valparaíso", "America/Santiago", "Valparaíso", ""}},
     {{"spanish", 100}},
     {"es"},
     40,
     {},
     {"Colegio de Psicólogos de Chile"}},
};

// ------------------------------------------------------------ vocabulary --

struct Weighted {
    std::string_view slug;
    int weight;
};

const std::vector<Weighted> specialty_weights = {{"trauma-and-ptsd", 30},
                                                 {"complex-trauma", 18},
                                                 {"relationships-and-couples", 26},
                                                 {"attachment", 20},
                                                 {"codependency", 12},
                                                 {"family-of-origin", 14},
                                                 {"childhood-emotional-neglect", 12},
                                                 {"abuse-recovery", 14},
                                                 {"boundaries", 12},
                                                 {"anxiety", 22},
                                                 {"depression", 18},
                                                 {"grief-and-loss", 10},
                                                 {"self-esteem", 12},
                                                 {"life-transitions", 10}};

const std::vector<Weighted> modality_weights = {{"trauma-informed-therapy", 25},
                                                {"emdr", 16},
                                                {"internal-family-systems", 12},
                                                {"cbt", 20},
                                                {"dbt", 8},
                                                {"emotionally-focused-therapy", 12},
                                                {"gottman-method", 8},
                                                {"somatic-experiencing", 8},
                                                {"schema-therapy", 8},
                                                {"psychodynamic-therapy", 12},
                                                {"act", 10}};

// Language names for sentences ("Sessions are available in German and English.").
const std::map<std::string_view, std::string_view> language_names = {
    {"en", "English"},    {"zh", "Mandarin"}, {"hi", "Hindi"},      {"es", "Spanish"},    {"fr", "French"},
    {"ar", "Arabic"},     {"bn", "Bengali"},  {"pt", "Portuguese"}, {"ru", "Russian"},    {"ur", "Urdu"},
    {"id", "Indonesian"}, {"de", "German"},   {"ja", "Japanese"},   {"sw", "Swahili"},    {"mr", "Marathi"},
    {"te", "Telugu"},     {"tr", "Turkish"},  {"ta", "Tamil"},      {"vi", "Vietnamese"}, {"ko", "Korean"},
    {"it", "Italian"},    {"pl", "Polish"},   {"uk", "Ukrainian"},  {"nl", "Dutch"},      {"sv", "Swedish"},
    {"fa", "Persian"},    {"he", "Hebrew"},   {"el", "Greek"},      {"ro", "Romanian"},   {"tl", "Tagalog"}};

// --------------------------------------------------------------- phrases --
// Original sentences, recombined. Keyed by vocabulary slug where they
// speak about one specialty or modality.

const Names openings = {
    "I work with adults whose past keeps showing up in their closest relationships.",
    "Many of the people I see are capable and caring on the outside and exhausted on the inside.",
    "You may have found your way here because a relationship keeps repeating a pattern you thought you had left "
    "behind.",
    "I believe that the ways we learned to protect ourselves once made sense, even if they cost us now.",
    "Therapy with me is a place to slow down and notice what happens in you when someone gets close.",
    "People often come to me after years of trying to sort things out on their own.",
    "Much of my work is about how early attachment shapes the way we love, argue and make up as adults.",
    "I am a therapist for people who find it easier to look after others than to be looked after.",
    "Whether you are carrying something from childhood or from a more recent relationship, you do not have to "
    "untangle it alone.",
    "I offer a steady, unhurried space for people who have learned to stay on guard.",
    "Some clients arrive with a clear story; others only know that something feels wrong. Both are good places to "
    "start.",
    "My practice is for individuals and couples who want to understand why closeness can feel so complicated.",
    "I know how much courage it can take to write to a therapist for the first time.",
    "Hurt that happens between people can also begin to heal between people, and that is the heart of my work.",
};

const std::map<std::string_view, Names> specialty_sentences = {
    {"trauma-and-ptsd",
     {"I have specialised training in trauma, including post-traumatic stress after a single frightening event.",
      "Together we can work on the flashbacks, startle responses and sleepless nights that trauma can leave "
      "behind."}},
    {"complex-trauma",
     {"Many of my clients live with complex trauma: harm that happened again and again, often in relationships "
      "that should have been safe.",
      "With complex trauma we go at a pace your nervous system can manage, building safety before we look at "
      "the past."}},
    {"relationships-and-couples",
     {"I see couples who want to step out of the argument they have had a hundred times.",
      "In couples work neither of you is the patient; the relationship is what we look after together."}},
    {"attachment",
     {"We can look at your attachment patterns, not to label you, but to understand what you needed and did not "
      "get.",
      "An anxious or avoidant attachment style is not a life sentence; many people learn to feel safer with those "
      "they love."}},
    {"codependency",
     {"If you tend to put everyone's needs before your own, we can explore where that began and what it costs "
      "you.",
      "People-pleasing often starts as a clever way to keep the peace in a family that had little of it."}},
    {"family-of-origin",
     {"Some of what we carry was handed down through generations; we can look at those family patterns with "
      "curiosity rather than blame.",
      "Understanding your family of origin can make sense of reactions that seem to come out of nowhere."}},
    {"childhood-emotional-neglect",
     {"Childhood emotional neglect is about what was missing rather than what happened, which makes it easy to "
      "overlook.",
      "If your feelings went unnoticed as a child, you may find it hard to know what you feel now."}},
    {"abuse-recovery",
     {"I support people recovering from emotional, psychological or domestic abuse, including coercive control.",
      "Leaving an abusive relationship is often only the beginning; healing takes time, patience and safety."}},
    {"boundaries",
     {"We can practise setting boundaries that protect you without shutting other people out.",
      "Saying no without guilt is a skill, and it can be learned at any age."}},
    {"anxiety",
     {"Anxiety often shows up in relationships as overthinking, reassurance-seeking or constant vigilance.",
      "I help people whose anxiety makes every silence or late reply feel like a threat."}},
    {"depression",
     {"When depression flattens everything, even reaching out can feel like too much; we can start small.",
      "Low mood often carries old grief or anger that never had a place to go."}},
    {"grief-and-loss",
     {"Grief is not only about death: the end of a relationship or a friendship can be a profound loss too.",
      "I walk alongside people through bereavement, separation and the losses nobody else sees."}},
    {"self-esteem",
     {"Many of my clients are working on a harsh inner critic and a fragile sense of their own worth.",
      "Rebuilding self-esteem often means learning to treat yourself the way you would treat a good friend."}},
    {"life-transitions",
     {"Separation, becoming a parent, moving country or changing career can stir up old wounds; I help people find "
      "their footing.",
      "Big changes can unsettle even a steady life, and that is a good time to get support."}},
};

const std::map<std::string_view, std::string_view> specialty_focus = {
    {"trauma-and-ptsd", "recovering from trauma"},
    {"complex-trauma", "healing from complex trauma"},
    {"relationships-and-couples", "rebuilding trust in their relationships"},
    {"attachment", "working through attachment wounds"},
    {"codependency", "stepping out of people-pleasing"},
    {"family-of-origin", "untangling family patterns"},
    {"childhood-emotional-neglect", "healing from childhood emotional neglect"},
    {"abuse-recovery", "recovering from emotional abuse"},
    {"boundaries", "learning to set kind, firm boundaries"},
    {"anxiety", "living with anxiety in close relationships"},
    {"depression", "finding their way through depression"},
    {"grief-and-loss", "grieving a loss or an ending"},
    {"self-esteem", "rebuilding their sense of worth"},
    {"life-transitions", "navigating separation and other big changes"},
};

const std::map<std::string_view, std::string_view> specialty_short = {
    {"trauma-and-ptsd", "trauma and PTSD"},
    {"complex-trauma", "complex trauma"},
    {"relationships-and-couples", "relationships"},
    {"attachment", "attachment"},
    {"codependency", "codependency"},
    {"family-of-origin", "family patterns"},
    {"childhood-emotional-neglect", "emotional neglect"},
    {"abuse-recovery", "abuse recovery"},
    {"boundaries", "boundaries"},
    {"anxiety", "anxiety"},
    {"depression", "depression"},
    {"grief-and-loss", "grief"},
    {"self-esteem", "self-esteem"},
    {"life-transitions", "life transitions"},
};

const std::map<std::string_view, std::string_view> modality_sentences = {
    {"trauma-informed-therapy",
     "My work is trauma-informed: you stay in charge of what we talk about and how fast we go."},
    {"emdr", "I am trained in EMDR, which can help the brain reprocess memories that still feel raw."},
    {"internal-family-systems",
     "I draw on Internal Family Systems, which meets the different parts of you with curiosity and compassion."},
    {"cbt", "I use cognitive behavioural therapy to help untangle the thoughts and habits that keep you stuck."},
    {"dbt", "Skills from dialectical behaviour therapy help when emotions feel overwhelming."},
    {"emotionally-focused-therapy",
     "With couples I often use emotionally focused therapy to help partners reach each other again."},
    {"gottman-method",
     "I am trained in the Gottman method and use it to strengthen friendship, conflict skills and trust."},
    {"somatic-experiencing",
     "Somatic experiencing helps us notice how stress lives in the body and gently let some of it go."},
    {"schema-therapy", "Schema therapy helps us trace long-standing patterns back to needs that went unmet."},
    {"psychodynamic-therapy",
     "A psychodynamic lens helps us understand how the past shapes what happens between people now."},
    {"act",
     "From acceptance and commitment therapy I borrow ways to make room for hard feelings while moving towards "
     "what matters to you."},
};

const Names approach_closers = {
    "Sessions last 50 minutes and usually happen weekly at first.",
    "I am warm and direct, and I will tell you honestly if I think someone else could help you better.",
    "I see therapy as a collaboration: you are the expert on your life, and I bring what I know about trauma and "
    "relationships.",
    "We agree together what you want from therapy and look back at it regularly.",
    "You never have to share more than you are ready to.",
    "Between sessions I may suggest small experiments, never homework you have to get right.",
};

const Names experience_settings = {
    "first in a community mental-health service and now in private practice",
    "including several years in a specialist trauma clinic",
    "in hospitals, schools and private practice",
    "after an earlier career in nursing",
    "after an earlier career in teaching",
    "starting in a refuge for women and children",
    "with refugees and people seeking asylum",
    "in university counselling services",
    "in a family therapy team",
    "in addiction services and now in private practice",
};

const Names inclusion_sentences = {
    "I work with adults of all ages and backgrounds, including LGBTQ+ clients and people in non-traditional "
    "relationships.",
    "I welcome neurodivergent clients and adapt how we work to what suits you.",
    "I also support partners and family members of people living with trauma.",
    "Many of my clients are navigating two cultures, and I know how much that can shape family life.",
    "",
    "",
};

const Names free_closings = {
    "I offer a free 30-minute first conversation, so you can get a feel for how I work before deciding anything.",
    "The first 30 minutes are free: a chance to ask questions and see whether we are a good fit.",
};

const Names paid_closings = {
    "You are welcome to write to me with any questions before booking a first session.",
    "A first session is a chance to see whether working together feels right; there is no obligation to continue.",
    "",
};

const Names roles = {"Psychotherapist",  "Clinical psychologist",       "Counselling psychologist",
                     "Trauma therapist", "Integrative psychotherapist", "Psychologist",
                     "Therapist"};
const Names couples_roles = {"Couples therapist", "Couples and family therapist", "Relationship therapist"};
const Names audiences = {"adults",       "individuals and couples", "women",         "men",
                         "young adults", "adults and couples",      "LGBTQ+ adults", "people in midlife",
                         "parents"};

// ----------------------------------------------------------- generation --

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += separator;
        out += p;
    }
    return out;
}

std::string replace_braces(std::string_view pattern, std::string_view value) {
    std::string out(pattern);
    if (auto at = out.find("{}"); at != std::string::npos) out.replace(at, 2, value);
    return out;
}

std::string capitalise(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// "English", "German and English", "German, Turkish and English".
std::string language_list(const std::vector<std::string>& slugs) {
    std::string out;
    for (std::size_t i = 0; i < slugs.size(); ++i) {
        if (i > 0) out += i + 1 == slugs.size() ? " and " : ", ";
        out += language_names.at(slugs[i]);
    }
    return out;
}

// k distinct slugs, each drawn with probability proportional to its weight.
std::vector<std::string> draw_distinct(Dice& dice, std::vector<Weighted> pool, std::size_t k) {
    std::vector<std::string> out;
    while (out.size() < k && !pool.empty()) {
        std::vector<int> weights;
        for (const auto& w : pool) weights.push_back(w.weight);
        const auto i = dice.weighted(weights);
        out.emplace_back(pool[i].slug);
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return out;
}

bool has(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

void add_unique(std::vector<std::string>& list, std::string_view item) {
    if (!item.empty() && !has(list, item)) list.emplace_back(item);
}

struct Person {
    std::string name;
    std::string given;
};

Person make_name(Dice& dice, const Culture& c) {
    const bool woman = dice.percent(62);  // the profession is majority women
    const auto& given = dice.pick(woman ? c.women : c.men);
    std::string_view family = dice.pick(c.families);
    if (auto bar = family.find('|'); bar != std::string_view::npos) {
        family = woman ? family.substr(bar + 1) : family.substr(0, bar);
    }
    return {fmt::format("{} {}", given, family), std::string(given)};
}

std::vector<std::string> make_languages(Dice& dice, const Country& country, const City& city, const Culture& c) {
    std::vector<std::string> langs;
    for (auto l : country.languages) add_unique(langs, l);
    const bool heritage = !has(langs, c.language);
    // Heritage languages of families who came from elsewhere, regional ones,
    // and English, each as often as is plausible.
    if (!heritage || country.languages.empty() || dice.percent(75)) add_unique(langs, c.language);
    if (!city.language.empty() && dice.percent(60)) add_unique(langs, city.language);
    if (dice.percent(country.english_percent)) add_unique(langs, "en");
    if (dice.percent(8)) {
        static const Names extra = {"es", "fr", "de", "it", "pt", "ru", "ar"};
        add_unique(langs, dice.pick(extra));
    }
    if (langs.empty()) langs.emplace_back("en");
    return langs;
}

const Country& pick_country(Dice& dice) {
    static const std::vector<int> weights = [] {
        std::vector<int> w;
        for (const auto& c : countries) w.push_back(c.weight);
        return w;
    }();
    return countries[dice.weighted(weights)];
}

const Culture& pick_culture(Dice& dice, const Country& country) {
    std::vector<int> weights;
    for (const auto& [key, weight] : country.cultures) weights.push_back(weight);
    return culture(country.cultures[dice.weighted(weights)].first);
}

std::string make_headline(Dice& dice, const SyntheticSpecialist& s, bool couples) {
    const auto& role = couples && dice.percent(60) ? dice.pick(couples_roles) : dice.pick(roles);
    const auto& audience = dice.pick(audiences);
    const auto& first = s.specialties.front();
    switch (dice.below(4)) {
        case 0:
            return fmt::format("{} helping {} {}", role, audience, specialty_focus.at(first));
        case 1:
            if (s.specialties.size() > 1) {
                return fmt::format("{} for {}: {} and {}", role, audience, specialty_short.at(first),
                                   specialty_short.at(s.specialties[1]));
            }
            return fmt::format("{} for {}: {}", role, audience, specialty_short.at(first));
        case 2:
            return fmt::format("{} · {}", role, capitalise(std::string(specialty_focus.at(first))));
        default:
            return fmt::format("Helping {} {}", audience, specialty_focus.at(first));
    }
}

std::string make_bio(Dice& dice, const SyntheticSpecialist& s) {
    std::vector<std::string> first, second;
    first.emplace_back(dice.pick(openings));
    for (std::size_t i = 0; i < s.specialties.size() && i < 3; ++i) {
        first.emplace_back(dice.pick(specialty_sentences.at(s.specialties[i])));
    }
    const auto years = dice.between(3, 28);
    second.push_back(fmt::format("I have been practising for {} years, {}.", years, dice.pick(experience_settings)));
    second.emplace_back(dice.pick(inclusion_sentences));
    if (s.online && s.in_person) {
        second.push_back(fmt::format("I see clients in person in {} and online.", s.city));
    } else if (s.in_person) {
        second.push_back(fmt::format("I see clients in person at my practice in {}.", s.city));
    } else {
        second.emplace_back("I work online, which many clients find easier to fit around work and family.");
    }
    second.push_back(fmt::format("Sessions are available in {}.", language_list(s.languages)));
    second.emplace_back(dice.pick(s.offers_free_consultation ? free_closings : paid_closings));
    return join(first, " ") + "\n\n" + join(second, " ");
}

std::string make_approach(Dice& dice, const SyntheticSpecialist& s) {
    std::vector<std::string> parts;
    for (const auto& m : s.modalities) parts.emplace_back(modality_sentences.at(m));
    parts.emplace_back(dice.pick(approach_closers));
    return join(parts, " ");
}

void make_fees(Dice& dice, const Country& country, SyntheticSpecialist& s) {
    s.currency = std::string(country.currency);
    if (dice.percent(4)) return;  // "fees on request"
    const auto steps = (country.fee_high - country.fee_low) / country.fee_step;
    s.fee_min = country.fee_low + dice.between(0, steps) * country.fee_step;
    s.fee_max = dice.percent(45) ? *s.fee_min : *s.fee_min + dice.between(1, 8) * country.fee_step;
}

std::string licence_number(Dice& dice) {
    static constexpr std::string_view letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    std::string out;
    out += letters[dice.below(letters.size())];
    out += letters[dice.below(letters.size())];
    out += '-';
    out += fmt::format("{:06}", dice.below(1'000'000));
    return out;
}

std::string email_for(std::int64_t number) { return fmt::format("specialist-{:07}{}", number, kEmailDomain); }

}  // namespace

SyntheticSpecialist synthetic_specialist(std::int64_t number) {
    Dice dice(kSeed + static_cast<std::uint64_t>(number) * 0x9E3779B97F4A7C15ULL);
    SyntheticSpecialist s;
    s.email = email_for(number);

    const Country& country = pick_country(dice);
    const City& city = dice.pick(country.cities);
    const Culture& culture = pick_culture(dice, country);
    s.country = std::string(country.code);
    s.city = std::string(city.name);
    s.timezone = std::string(city.timezone);

    const std::vector<int> how_many{25, 35, 25, 15};  // 2, 3, 4 or 5 specialties
    s.specialties = draw_distinct(dice, specialty_weights, 2 + dice.weighted(how_many));
    const bool couples = has(s.specialties, "relationships-and-couples");
    auto modalities = modality_weights;
    if (couples) {
        for (auto& m : modalities) {
            if (m.slug == "emotionally-focused-therapy" || m.slug == "gottman-method") m.weight *= 4;
        }
    }
    s.modalities = draw_distinct(dice, modalities, 1 + dice.below(3));
    s.languages = make_languages(dice, country, city, culture);

    s.online = dice.percent(82);
    s.in_person = !s.online || dice.percent(55);
    s.offers_free_consultation = dice.percent(40);
    make_fees(dice, country, s);

    const auto& credentials = country.credentials.empty() ? international_credentials : country.credentials;
    s.credentials = std::string(dice.pick(credentials));
    const bool doctor = s.credentials.find("PhD") != std::string::npos ||
                        s.credentials.find("PsyD") != std::string::npos ||
                        s.credentials.find("DClinPsy") != std::string::npos || s.credentials.starts_with("Dr.");
    const auto person = make_name(dice, culture);
    s.full_name = doctor ? "Dr " + person.name : person.name;
    s.licence_number = licence_number(dice);
    s.licence_region = replace_braces(dice.pick(country.licence_bodies), city.region);

    s.headline = make_headline(dice, s, couples);
    s.bio = make_bio(dice, s);
    s.approach = make_approach(dice, s);

    s.created_at = kFirstCreatedAt + number * kSecondsBetweenSignups + dice.between(0, kSecondsBetweenSignups - 1);
    s.verified_at = s.created_at + dice.between(3600, 5 * 86400);
    return s;
}

namespace {

// Multi-row INSERTs: the same SQL text for every full chunk, so each
// engine parses it once per connection (SQLite caches it by text).
void insert_rows(db::Session& s, std::string_view insert_prefix, std::size_t columns,
                 const std::vector<db::Value>& values, std::size_t rows_per_statement) {
    const std::size_t rows = values.size() / columns;
    std::map<std::size_t, std::string> sql_for_rows;
    for (std::size_t first = 0; first < rows; first += rows_per_statement) {
        const std::size_t n = std::min(rows_per_statement, rows - first);
        auto& sql = sql_for_rows[n];
        if (sql.empty()) {
            sql = std::string(insert_prefix) + " VALUES ";
            for (std::size_t r = 0; r < n; ++r) {
                sql += r ? ",(" : "(";
                for (std::size_t c = 0; c < columns; ++c)
                    sql += fmt::format("{}${}", c ? "," : "", r * columns + c + 1);
                sql += ')';
            }
        }
        std::vector<db::Value> chunk(values.begin() + static_cast<std::ptrdiff_t>(first * columns),
                                     values.begin() + static_cast<std::ptrdiff_t>((first + n) * columns));
        s.query(sql, chunk);
    }
}

db::Value optional_value(const std::optional<std::int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

// The highest synthetic number already stored (0 if none). Numbers are
// zero-padded, so the greatest address is the greatest number.
std::int64_t highest_existing(db::Session& s) {
    auto r = s.query(
        "SELECT email_normalized FROM users WHERE email_normalized >= $1 AND email_normalized <= $2 "
        "AND email_normalized LIKE $3 ORDER BY email_normalized DESC LIMIT 1",
        {email_for(0), email_for(9'999'999), std::string("specialist-%") + std::string(kEmailDomain)});
    if (r.empty()) return 0;
    const auto email = r.front().text(0);
    return std::stoll(email.substr(std::string_view("specialist-").size(), 7));
}

struct TermIds {
    std::map<std::string, std::int64_t, std::less<>> specialty, modality, language;
};

TermIds load_term_ids(db::Session& s) {
    TermIds ids;
    using vocabularies::Kind;
    for (auto [kind, map] : {std::pair{Kind::specialty, &ids.specialty}, std::pair{Kind::modality, &ids.modality},
                             std::pair{Kind::language, &ids.language}}) {
        for (const auto& t : vocabularies::list_terms(s, kind)) (*map)[t.slug] = t.id;
    }
    return ids;
}

std::int64_t term_id(const std::map<std::string, std::int64_t, std::less<>>& ids, const std::string& slug) {
    auto it = ids.find(slug);
    if (it == ids.end()) throw std::runtime_error("the vocabulary has no term " + slug + "; run `hearth migrate`");
    return it->second;
}

// Specialists #first..#last with their bio and approach rendered from
// Markdown: made on another thread while the previous batch is written.
struct Batch {
    std::int64_t first = 0;
    std::vector<SyntheticSpecialist> people;
    std::vector<std::string> bio_html;
    std::vector<std::string> approach_html;
};

Batch prepare_batch(std::int64_t first, std::int64_t last) {
    Batch b;
    b.first = first;
    for (auto n = first; n <= last; ++n) {
        b.people.push_back(synthetic_specialist(n));
        b.bio_html.push_back(render::markdown_to_html(b.people.back().bio));
        b.approach_html.push_back(render::markdown_to_html(b.people.back().approach));
    }
    return b;
}

// Stores a batch in the open transaction and returns the range of its
// profile ids.
std::pair<std::int64_t, std::int64_t> store_batch(db::Session& s, const Batch& b, const std::string& password_hash,
                                                  const TermIds& terms) {
    const auto& batch = b.people;
    const auto first = b.first;

    std::vector<db::Value> users;
    for (const auto& p : batch) {
        users.insert(users.end(), {p.email, p.email, password_hash, p.full_name, std::string("specialist"),
                                   p.created_at, p.created_at, p.created_at});
    }
    insert_rows(s,
                "INSERT INTO users (email, email_normalized, password_hash, display_name, role, email_verified_at, "
                "created_at, updated_at)",
                8, users, 250);

    std::map<std::string, std::int64_t> user_ids;
    for (const auto& r : s.query("SELECT id, email_normalized FROM users WHERE email_normalized BETWEEN $1 AND $2",
                                 {batch.front().email, batch.back().email})) {
        user_ids[r.text(1)] = r.integer(0);
    }

    std::vector<db::Value> profiles;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& p = batch[i];
        const auto slug =
            specialists::slugify(p.full_name) + "-" + std::to_string(first + static_cast<std::int64_t>(i));
        const auto requested = p.verified_at - 3600;
        profiles.insert(profiles.end(), {user_ids.at(p.email),
                                         slug,
                                         p.full_name,
                                         p.credentials,
                                         p.licence_number,
                                         p.licence_region,
                                         p.headline,
                                         p.bio,
                                         p.approach,
                                         b.bio_html[i],
                                         b.approach_html[i],
                                         std::int64_t{p.online},
                                         std::int64_t{p.in_person},
                                         p.city,
                                         p.country,
                                         p.timezone,
                                         optional_value(p.fee_min),
                                         optional_value(p.fee_max),
                                         p.currency,
                                         std::int64_t{p.offers_free_consultation},
                                         requested,
                                         p.verified_at,
                                         std::int64_t{1},
                                         p.created_at,
                                         p.verified_at});
    }
    insert_rows(s,
                "INSERT INTO specialist_profiles (user_id, slug, full_name, credentials, licence_number, "
                "licence_region, headline, bio, approach, bio_html, approach_html, online, in_person, city, country, "
                "timezone, fee_min, fee_max, currency, offers_free_consultation, publish_requested_at, verified_at, "
                "listed, created_at, updated_at)",
                25, profiles, 100);

    std::map<std::int64_t, std::int64_t> profile_of_user;
    std::int64_t first_profile = 0, last_profile = 0;
    for (const auto& r : s.query("SELECT p.id, p.user_id FROM specialist_profiles p JOIN users u ON u.id = p.user_id "
                                 "WHERE u.email_normalized BETWEEN $1 AND $2",
                                 {batch.front().email, batch.back().email})) {
        profile_of_user[r.integer(1)] = r.integer(0);
        first_profile = first_profile ? std::min(first_profile, r.integer(0)) : r.integer(0);
        last_profile = std::max(last_profile, r.integer(0));
    }

    std::vector<db::Value> links;
    for (const auto& p : batch) {
        const auto profile = profile_of_user.at(user_ids.at(p.email));
        for (const auto& slug : p.specialties) links.insert(links.end(), {profile, term_id(terms.specialty, slug)});
        for (const auto& slug : p.modalities) links.insert(links.end(), {profile, term_id(terms.modality, slug)});
        for (const auto& slug : p.languages) links.insert(links.end(), {profile, term_id(terms.language, slug)});
    }
    insert_rows(s, "INSERT INTO profile_terms (profile_id, term_id)", 2, links, 500);
    return {first_profile, last_profile};
}

// Synthetic specialists who offer a free consultation get weekday hours
// (09:00-17:00 in their own zone) and their first open time, before their
// search documents are built: only those with open times are shown as
// offering one (issue 10), and a demo directory should have them.
void give_free_ones_hours(db::Session& s, std::int64_t first, std::int64_t last) {
    consultations::AvailabilityRules rules;
    for (int day = 1; day <= 5; ++day) rules.weekly.push_back({day, 9 * 60, 17 * 60});
    std::vector<std::pair<std::int64_t, std::string>> free;
    for (const auto& r : s.query("SELECT id, timezone FROM specialist_profiles WHERE id BETWEEN $1 AND $2 "
                                 "AND offers_free_consultation = 1",
                                 {first, last})) {
        free.emplace_back(r.integer(0), r.text(1));
    }
    for (const auto& [id, zone] : free) {
        rules.timezone = zone;
        consultations::save_rules(s, id, rules);
    }
    consultations::compute_outlooks(s, first, last, now_seconds());
}

// Runs task(0) .. task(n - 1) on one thread per core (at least two); the
// first exception stops the others and is rethrown.
void parallel_for(std::int64_t n, const std::function<void(std::int64_t)>& task) {
    std::atomic<std::int64_t> next{0};
    std::mutex error_mutex;
    std::exception_ptr error;
    std::vector<std::thread> workers;
    for (unsigned w = 0; w < std::max(2u, std::thread::hardware_concurrency()); ++w) {
        workers.emplace_back([&] {
            try {
                for (auto i = next++; i < n; i = next++) task(i);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!error) error = std::current_exception();
                next = n;
            }
        });
    }
    for (auto& t : workers) t.join();
    if (error) std::rethrow_exception(error);
}

// PostgreSQL: to_tsvector is what takes the time, so the documents of
// [first, last] are built in chunks in parallel (each chunk its own
// transaction, touching its own rows), then the directory is told once and
// the planner gets fresh statistics.
void index_in_parallel(db::Database& db, std::int64_t first, std::int64_t last) {
    constexpr std::int64_t chunk = 2000;
    parallel_for((last - first) / chunk + 1, [&](std::int64_t i) {
        const auto lo = first + i * chunk;
        db.write([&](db::Session& s) { specialists::index_profiles(s, lo, std::min(last, lo + chunk - 1)); });
    });
    db.write([](db::Session& s) {
        content_version::raise(s);
        s.query("ANALYZE specialist_profiles");
        s.query("ANALYZE profile_terms");
    });
}

}  // namespace

SpecialistSeedReport seed_specialists(db::Database& db, std::int64_t count) {
    SpecialistSeedReport report;
    if (count <= 0) return report;
    if (count > 9'999'999) throw std::invalid_argument("at most 9,999,999 synthetic specialists");
    const auto started = std::chrono::steady_clock::now();

    auto [existing, terms] = db.read([](db::Session& s) { return std::pair{highest_existing(s), load_term_ids(s)}; });
    report.existing = std::min(existing, count);
    if (existing >= count) return report;

    // One hash for every synthetic account: hashing is deliberately slow.
    const auto password_hash = security::hash_password(demo_password);
    // Batches are prepared and written by several threads: with SQLite the
    // writes take turns (one writer) while the next batch is prepared; with
    // PostgreSQL they run side by side.
    std::mutex mutex;
    std::int64_t first_profile = INT64_MAX, last_profile = 0;
    parallel_for((count - existing - 1) / kBatch + 1, [&](std::int64_t i) {
        const auto first = existing + 1 + i * kBatch;
        const auto batch = prepare_batch(first, std::min(count, first + kBatch - 1));
        const auto [lo, hi] = db.write([&](db::Session& s) {
            auto ids = store_batch(s, batch, password_hash, terms);
            give_free_ones_hours(s, ids.first, ids.second);
            // SQLite indexes each batch in its transaction; PostgreSQL
            // builds the tsvectors after the last batch, in parallel.
            if (s.engine() == db::Engine::sqlite) {
                specialists::index_profiles(s, ids.first, ids.second);
                content_version::raise(s);
            }
            return ids;
        });
        std::lock_guard lock(mutex);
        first_profile = std::min(first_profile, lo);
        last_profile = std::max(last_profile, hi);
        report.created += static_cast<std::int64_t>(batch.people.size());
        spdlog::info("seeded {} of {} synthetic specialists", existing + report.created, count);
    });
    if (db.engine() == db::Engine::postgresql) index_in_parallel(db, first_profile, last_profile);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    spdlog::info("seeded {} synthetic specialists in {:.1f} s", report.created, seconds);
    return report;
}

}  // namespace hearth::app
