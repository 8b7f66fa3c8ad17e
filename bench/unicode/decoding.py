"""The short-file decoding table: news-like lines written in the encodings news files come in.

Each sample is encoded here and decoded by ``cleaner.io.decode_bytes``. A Western sample
(Windows-1252, Latin-1) must come back exactly; any other must come back exactly or fail
with a clear error, and never come back as different text (another script, garbage).
The test suite checks the table (``tests/test_decoding.py``); ``python -m bench.unicode``
prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.io import InputError, decode_bytes


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    encoding: str

    @property
    def western(self) -> bool:
        return self.encoding in ("cp1252", "latin-1")

    @property
    def data(self) -> bytes:
        return self.text.encode(self.encoding)


SAMPLES = (
    # Windows-1252: Western text with the punctuation that only it has
    Sample("Café au lait.", "cp1252"),
    Sample("It costs €5.", "cp1252"),
    Sample("He said “no”.", "cp1252"),
    Sample("The café’s naïve menu — déjà vu, again.", "cp1252"),
    Sample("Der Bürgermeister lädt zur Sitzung am Dienstag.", "cp1252"),
    Sample("El niño comió piñas en la montaña.", "cp1252"),
    Sample("Les élèves ont réussi l’examen à Besançon.", "cp1252"),
    Sample("São Paulo registou 30 °C na terça-feira…", "cp1252"),
    Sample("Prices rose 3% – the fastest pace since 2008 – officials said.", "cp1252"),
    Sample("Øresund Bridge traffic fell by 12 ‰ in March.", "cp1252"),
    Sample("Zoë Müller won the 100 m in 10.9 s • a record.", "cp1252"),
    Sample("Het kabinet wil dat één op de drie woningen betaalbaar is.", "cp1252"),
    Sample("Göteborgs hamn får en ny kaj för färjor.", "cp1252"),
    Sample("“Trump’s plan” is “dead”, said Sen. O’Brien™.", "cp1252"),
    Sample("Ça va? Très bien, merci!", "cp1252"),
    Sample("Weiß", "cp1252"),
    Sample("Señor", "cp1252"),
    Sample("résumé of the naïve façade", "cp1252"),
    # Latin-1 (ISO-8859-1): the same without Windows-1252's punctuation
    Sample("Café com leite e pão de queijo.", "latin-1"),
    Sample("Straße in München gesperrt.", "latin-1"),
    Sample("La société a annoncé une hausse de 5 %.", "latin-1"),
    Sample("Año nuevo, vida nueva: ¡feliz año!", "latin-1"),
    Sample("Il était une fois à Genève.", "latin-1"),
    Sample("Ísland og Færeyjar semja um fiskveiðar.", "latin-1"),
    Sample("Prix: 12,50 € ou 10 £?".replace("€", "EUR"), "latin-1"),
    # Unicode with a byte-order mark, or UTF-16 whose every other byte is NUL
    Sample("Le café est prêt.", "utf-8-sig"),
    Sample("Notícias de última hora: 3 mortos.", "utf-8-sig"),
    Sample("UTF-16 little endian: café, 東京, Москва.", "utf-16"),
    Sample("Die Straße ist gesperrt.", "utf-16-le-bom"),
    Sample("Big endian with a mark: naïve.", "utf-16-be-bom"),
    Sample("No mark here, but every other byte is NUL.", "utf-16-le"),
    Sample("Big endian without a mark, plain ASCII.", "utf-16-be"),
    # other scripts: right, or a clear error; never another script
    Sample("Привет, как дела? Всё хорошо.", "koi8-r"),
    Sample("Правительство утвердило новый бюджет.", "cp1251"),
    Sample("Москва, 12 марта. Президент подписал закон.", "cp1251"),
    Sample("Україна отримала нову партію допомоги.", "cp1251"),
    Sample("Новини дня: погода в Києві.", "koi8-u"),
    Sample("Zażółć gęślą jaźń, powiedział minister.", "cp1250"),
    Sample("Vláda schválila nový zákon o daních.", "cp1250"),
    Sample("Lietuvos bankas paskelbė naujas prognozes.", "cp1257"),
    Sample("Hükümet yeni bütçeyi açıkladı.", "cp1254"),
    Sample("Η κυβέρνηση ανακοίνωσε νέα μέτρα.", "cp1253"),
    Sample("הממשלה אישרה את התקציב החדש.", "cp1255"),
    Sample("أعلنت الحكومة عن ميزانية جديدة.", "cp1256"),
    Sample("東京で新しい駅が開業しました。", "shift_jis"),
    Sample("日本の首相は記者会見を開いた。", "euc-jp"),
    Sample("中国政府宣布了新的经济政策。", "gb18030"),
    Sample("台北市政府今天宣布新的交通政策。", "big5"),
    Sample("서울시는 새로운 교통 정책을 발표했다.", "euc-kr"),
    Sample("Le Schtroumpf Docteur conseille gâteaux et baies.", "mac-roman"),
    Sample("Crème brûlée für zwei, à la carte.", "mac-roman"),
)


def encode(sample: Sample) -> bytes:
    """The sample's bytes; ``-bom`` encodings get their byte-order mark written explicitly."""
    if sample.encoding == "utf-16-le-bom":
        return b"\xff\xfe" + sample.text.encode("utf-16-le")
    if sample.encoding == "utf-16-be-bom":
        return b"\xfe\xff" + sample.text.encode("utf-16-be")
    return sample.data


def outcome(sample: Sample) -> tuple[str, str]:
    """``("right" | "refused" | "wrong", what came back)``: refused is a clear error, wrong is other text."""
    try:
        decoded = decode_bytes(encode(sample), "sample.txt")
    except InputError as exc:
        return "refused", str(exc)
    return ("right" if decoded.text == sample.text else "wrong"), f"{decoded.encoding}: {decoded.text}"
