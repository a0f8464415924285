"""Write a synthetic but realistic content tree: N notices x R revisions x 4 locales x S sections.

Text is in each language's own script. Each revision edits the one before it
the way legal teams do: a sentence added, a word changed, now and then a
section moved or a new section inserted. Every revision is published and
locked, so the tree passes ``notices check``.

    python scripts/bench/corpus.py OUT --notices 2 --revisions 20 --sections 12
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from notices.content.load import load_content
from notices.findings import Reporter
from notices.record.lock import lock_entry, write_lock

LOCALES = ("en", "ja", "vi", "th")
#: The bench's twelve-language site (`make bench SCENARIO=wide`): the other eight languages carry the text of
#: one of the four above in the same kind of script (it measures the build, not the translation); their UI
#: text is the real catalog's.
WIDE_LOCALES = (*LOCALES, "fr", "de", "es", "id", "ko", "zh_Hans", "zh_Hant", "hi")
STAND_IN = {"fr": "en", "de": "en", "es": "en", "id": "vi", "ko": "ja", "zh_Hans": "ja", "zh_Hant": "ja", "hi": "th"}

#: Sentences a privacy notice is made of, per language, in the same order so edits line up.
SENTENCES = {
    "en": [
        "We collect your name, email address and telephone number when you make a booking.",
        "We use this information to provide the services you request and to answer your questions.",
        "We share your information with service providers who process it on our behalf under contract.",
        "We keep your information only as long as the law requires or our services need it.",
        "You may ask us to disclose, correct or delete the information we hold about you.",
        "We protect your information with access controls, encryption and staff training.",
        "When we transfer information abroad, we take the safeguards the law requires.",
        "We do not sell your personal information to anyone.",
        "If you do not give us this information, we may not be able to provide the service.",
        "We review these measures every year and update them when risks change.",
    ],
    "ja": [
        "当社は、ご予約の際に、氏名、メールアドレス及び電話番号を取得します。",
        "当社は、これらの情報を、ご依頼のサービスの提供及びお問い合わせへの対応のために利用します。",
        "当社は、契約に基づき当社のために情報を取り扱う委託先に、情報を提供します。",
        "当社は、法令又はサービスの提供に必要な期間に限り、情報を保存します。",
        "ご本人は、当社が保有する情報の開示、訂正又は削除を請求することができます。",
        "当社は、アクセス制御、暗号化及び従業者の教育により、情報を保護します。",
        "当社は、外国に情報を移転する場合、法令で定める措置を講じます。",
        "当社は、個人情報を第三者に販売しません。",
        "情報をご提供いただけない場合、サービスを提供できないことがあります。",
        "当社は、これらの措置を毎年見直し、リスクの変化に応じて改善します。",
    ],
    "vi": [
        "Chúng tôi thu thập họ tên, địa chỉ email và số điện thoại khi Quý khách đặt dịch vụ.",
        "Chúng tôi sử dụng thông tin này để cung cấp dịch vụ Quý khách yêu cầu và trả lời câu hỏi.",
        "Chúng tôi chia sẻ thông tin với nhà cung cấp dịch vụ xử lý thay mặt chúng tôi theo hợp đồng.",
        "Chúng tôi chỉ lưu trữ thông tin trong thời gian pháp luật yêu cầu hoặc dịch vụ cần.",
        "Quý khách có quyền yêu cầu cung cấp, chỉnh sửa hoặc xóa thông tin chúng tôi lưu giữ.",
        "Chúng tôi bảo vệ thông tin bằng kiểm soát truy cập, mã hóa và đào tạo nhân viên.",
        "Khi chuyển thông tin ra nước ngoài, chúng tôi áp dụng các biện pháp pháp luật yêu cầu.",
        "Chúng tôi không bán dữ liệu cá nhân của Quý khách cho bất kỳ ai.",
        "Nếu Quý khách không cung cấp thông tin này, chúng tôi có thể không cung cấp được dịch vụ.",
        "Chúng tôi rà soát các biện pháp này hằng năm và cập nhật khi rủi ro thay đổi.",
    ],
    "th": [
        "บริษัทเก็บรวบรวมชื่อ ที่อยู่อีเมล และหมายเลขโทรศัพท์ของท่านเมื่อท่านทำการจอง",
        "บริษัทใช้ข้อมูลนี้เพื่อให้บริการตามที่ท่านร้องขอและเพื่อตอบข้อสอบถามของท่าน",
        "บริษัทเปิดเผยข้อมูลแก่ผู้ให้บริการที่ประมวลผลข้อมูลในนามของบริษัทตามสัญญา",
        "บริษัทเก็บรักษาข้อมูลเพียงเท่าที่กฎหมายกำหนดหรือเท่าที่จำเป็นต่อการให้บริการ",
        "ท่านมีสิทธิขอให้บริษัทเปิดเผย แก้ไข หรือลบข้อมูลที่บริษัทเก็บรักษาไว้",
        "บริษัทคุ้มครองข้อมูลด้วยการควบคุมการเข้าถึง การเข้ารหัส และการอบรมพนักงาน",
        "เมื่อบริษัทส่งข้อมูลไปยังต่างประเทศ บริษัทจะจัดให้มีมาตรการคุ้มครองตามที่กฎหมายกำหนด",
        "บริษัทไม่ขายข้อมูลส่วนบุคคลของท่านให้แก่ผู้ใด",
        "หากท่านไม่ให้ข้อมูลนี้ บริษัทอาจไม่สามารถให้บริการแก่ท่านได้",
        "บริษัททบทวนมาตรการเหล่านี้ทุกปีและปรับปรุงเมื่อความเสี่ยงเปลี่ยนแปลงไป",
    ],
}
HEADINGS = {
    "en": [
        "Information we collect",
        "Purposes of use",
        "Recipients",
        "Retention",
        "Your rights",
        "Security",
        "Transfers abroad",
        "Cookies",
        "Children",
        "Marketing",
        "Changes",
        "Contact",
    ],
    "ja": [
        "取得する情報",
        "利用目的",
        "提供先",
        "保存期間",
        "開示等の請求",
        "安全管理措置",
        "外国への移転",
        "クッキー",
        "お子様の情報",
        "広告",
        "本方針の変更",
        "お問い合わせ",
    ],
    "vi": [
        "Dữ liệu thu thập",
        "Mục đích xử lý",
        "Bên nhận dữ liệu",
        "Thời hạn lưu trữ",
        "Quyền của Quý khách",
        "Bảo mật",
        "Chuyển dữ liệu ra nước ngoài",
        "Cookie",
        "Trẻ em",
        "Tiếp thị",
        "Thay đổi",
        "Liên hệ",
    ],
    "th": [
        "ข้อมูลที่เก็บรวบรวม",
        "วัตถุประสงค์",
        "ผู้รับข้อมูล",
        "ระยะเวลาการเก็บรักษา",
        "สิทธิของท่าน",
        "ความมั่นคงปลอดภัย",
        "การส่งข้อมูลไปต่างประเทศ",
        "คุกกี้",
        "ผู้เยาว์",
        "การตลาด",
        "การเปลี่ยนแปลง",
        "ช่องทางการติดต่อ",
    ],
}
#: Word swaps a revision may make: (locale, old, new); each pair reads naturally both ways.
SWAPS = {
    "en": [("every year", "every six months"), ("telephone number", "postal address"), ("questions", "requests")],
    "ja": [("毎年", "半年ごとに"), ("電話番号", "住所"), ("お問い合わせ", "ご要望")],
    "vi": [("hằng năm", "sáu tháng một lần"), ("số điện thoại", "địa chỉ liên lạc"), ("câu hỏi", "yêu cầu")],
    "th": [("ทุกปี", "ทุกหกเดือน"), ("หมายเลขโทรศัพท์", "ที่อยู่ไปรษณีย์"), ("ข้อสอบถาม", "คำขอ")],
}
TOPICS = ["data-categories", "purposes", "recipients", "retention", "rights", "security", "transfers"]


@dataclass
class Section:
    id: str
    headings: dict[str, str]
    paragraphs: list[list[int]] = field(default_factory=list)  # sentence indexes, shared by all locales
    swapped: set[int] = field(default_factory=set)  # which SWAPS apply


def _text(section: Section, locale: str) -> str:
    paragraphs = []
    for sentence_ids in section.paragraphs:
        sep = "" if locale == "ja" else " "  # Thai separates sentences with a space, Japanese with none
        text = sep.join(SENTENCES[locale][i] for i in sentence_ids)
        for k in sorted(section.swapped):
            old, new = SWAPS[locale][k]
            text = text.replace(old, new)
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _document(title: str, sections: list[Section], locale: str) -> str:
    out = [
        f"# {title}",
        "",
        "This notice explains how we handle personal information."
        if locale == "en"
        else {
            "ja": "本方針は、個人情報の取扱いについて定めます。",
            "vi": "Chính sách này giải thích cách chúng tôi xử lý dữ liệu cá nhân.",
            "th": "ประกาศนี้อธิบายวิธีการจัดการข้อมูลส่วนบุคคลของบริษัท",
        }[locale],
        "",
    ]
    for n, section in enumerate(sections, 1):
        out += [f"## {n}. {section.headings[locale]} {{#{section.id}}}", "", _text(section, locale), ""]
    return "\n".join(out)


def _edit(sections: list[Section], rng: random.Random, serial: int) -> None:
    """One revision's worth of realistic edits."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        target = rng.choice(sections)
        if kind < 0.45:
            rng.choice(target.paragraphs).append(rng.randrange(len(SENTENCES["en"])))  # a sentence added
        elif kind < 0.75:
            target.swapped ^= {rng.randrange(3)}  # a word changed
        elif kind < 0.9 and len(sections) > 3:
            moved = sections.pop(rng.randrange(1, len(sections) - 1))  # a section moved
            sections.insert(rng.randrange(1, len(sections)), moved)
        else:
            k = serial % len(HEADINGS["en"])
            added = sum(1 for s in sections if s.id.startswith("added-"))  # sections are never removed
            new = Section(
                id=f"added-{added + 1}",
                headings={ll: HEADINGS[ll][k] for ll in LOCALES},
                paragraphs=[[rng.randrange(10)]],
            )
            sections.insert(rng.randrange(1, len(sections)), new)  # a new section


def write_corpus(
    out: Path, notices: int, revisions: int, sections: int, seed: int = 7, locales: tuple[str, ...] = LOCALES
) -> Path:
    """Write ``out/content`` and return it. Revisions are 60 days apart, all in the past."""
    content = out / "content"
    shutil.rmtree(content, ignore_errors=True)
    rng = random.Random(seed)
    start = date(2000, 1, 3)
    for n in range(notices):
        nid = f"notice-{n + 1}"
        folder = content / nid
        folder.mkdir(parents=True)
        body = [
            Section(
                id=f"section-{i + 1}",
                headings={ll: HEADINGS[ll][i % len(HEADINGS[ll])] for ll in LOCALES},
                paragraphs=[[rng.randrange(10), rng.randrange(10)] for _ in range(rng.randint(1, 3))],
            )
            for i in range(sections)
        ]
        topics = "".join(f"  section-{i + 1}: {TOPICS[i % len(TOPICS)]}\n" for i in range(sections))
        (folder / "notice.yml").write_text(
            f"authoritative: en\nnotice_period_days: 30\norder: {n + 1}\ntopics:\n{topics}", encoding="utf-8"
        )
        for r in range(revisions):
            if r:
                _edit(body, rng, r)
            effective = start + timedelta(days=60 * r)
            rev = folder / effective.isoformat()
            rev.mkdir()
            summary = "".join(f"  {ll}: {SENTENCES[STAND_IN.get(ll, ll)][r % 10]}\n" for ll in locales)
            (rev / "revision.yml").write_text(
                f"effective: {effective.isoformat()}\npublished: {(effective - timedelta(days=30)).isoformat()}\n"
                f"material: true\nsummary:\n{summary}",
                encoding="utf-8",
            )
            for ll in locales:
                src = STAND_IN.get(ll, ll)
                title = {
                    "en": "Privacy notice",
                    "ja": "個人情報保護方針",
                    "vi": "Chính sách bảo vệ dữ liệu",
                    "th": "ประกาศความเป็นส่วนตัว",
                }[src]
                (rev / f"{ll}.md").write_text(_document(f"{title} {n + 1}", body, src), encoding="utf-8")
    report = Reporter()
    loaded = load_content(content, locales, report)
    if report.findings:
        raise SystemExit("\n".join(f.format() for f in report.findings))
    for notice in loaded.notices:
        write_lock(notice, {r.key: lock_entry(r) for r in notice.revisions})
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notices", type=int, default=2)
    parser.add_argument("--revisions", type=int, default=20)
    parser.add_argument("--sections", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    content = write_corpus(args.out, args.notices, args.revisions, args.sections, args.seed)
    print(f"wrote {content}")


if __name__ == "__main__":
    main()
