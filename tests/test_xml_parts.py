"""Every member of a workbook is read as an XML parser would read it (XML 1.0 Appendix F) before
anything parses it, so a DOCTYPE or ENTITY declaration is found in whatever encoding it hides.
The workbooks built from such parts are in tests/test_file_faults.py; these are the encodings
no parser openpyxl uses reads, which a stricter or a future one might."""

from __future__ import annotations

import zipfile

import pytest

from xl_aiteam.workbook import committed_workbooks, xml_problem, xml_text

DTD = '<!DOCTYPE a [<!ENTITY x "y">]>'
BODY = "<a>x</a>"


def _ucs4(text: str, order: str) -> bytes:
    """UCS-4 in octet order ``order`` ("1234" is big-endian)."""
    be = text.encode("utf-32-be")
    out = bytearray(len(be))
    for target, source in enumerate(order):
        out[target::4] = be[int(source) - 1 :: 4]
    return bytes(out)


def _cases(dtd: str) -> dict[str, bytes]:
    """The same small part in each encoding, with ``dtd`` after its declaration."""
    utf7_dtd = dtd.replace("<", "+ADw-").replace(">", "+AD4-").replace("[", "+AFs-").replace("]", "+AF0-").replace('"', "+ACI-")
    return {
        "UTF-8": f'<?xml version="1.0"?>{dtd}{BODY}'.encode(),
        "UTF-16 LE, no BOM, no declaration": (dtd + BODY).encode("utf-16-le"),
        "UTF-32 LE, no BOM": f'<?xml version="1.0" encoding="UTF-32"?>{dtd}{BODY}'.encode("utf-32-le"),
        "UTF-32 BE, no BOM": f'<?xml version="1.0" encoding="UTF-32"?>{dtd}{BODY}'.encode("utf-32-be"),
        "UCS-4 2143": _ucs4(f'<?xml version="1.0"?>{dtd}{BODY}', "2143"),
        "UCS-4 3412": _ucs4(f'<?xml version="1.0"?>{dtd}{BODY}', "3412"),
        "UCS-4 2143 with BOM": _ucs4(f"\ufeff{dtd}{BODY}", "2143"),
        "EBCDIC, declared": f'<?xml version="1.0" encoding="IBM500"?>{dtd}{BODY}'.encode("cp500"),
        # "<" written as +ADw-: no "<!DOCTYPE" among the bytes, only in the text
        "UTF-7, declared": f'<?xml version="1.0" encoding="UTF-7"?>{utf7_dtd}{BODY}'.encode("ascii"),
        "Shift_JIS, declared": f'<?xml version="1.0" encoding="Shift_JIS"?>{dtd}<a>計画</a>'.encode("shift_jis"),
        "lower case": f"<?xml version='1.0'?>{dtd.lower()}{BODY}".encode(),
    }


CASES = list(_cases(""))


@pytest.mark.parametrize("case", CASES)
def test_a_dtd_is_found_in_every_encoding(case: str) -> None:
    assert xml_problem(_cases(DTD)[case]) == ("xml_bomb", "declares XML entities, which a workbook never needs")


@pytest.mark.parametrize("case", CASES)
def test_the_same_part_without_a_dtd_passes_and_reads_as_its_text(case: str) -> None:
    data = _cases("")[case]
    assert xml_problem(data) is None
    assert "<a>" in (xml_text(data) or "")


def test_ucs4_in_unusual_orders_reads_as_text() -> None:
    for order in ("2143", "3412"):
        assert xml_text(_ucs4('<?xml version="1.0"?><a>é</a>', order)) == '<?xml version="1.0"?><a>é</a>'


@pytest.mark.parametrize("name", ["x-made-up", "base64", "zlib"])
def test_an_encoding_that_cannot_be_read_is_refused(name: str) -> None:
    """A declared encoding Python cannot decode to text could hide a DTD: refused, not skipped."""
    code, problem = xml_problem(f'<?xml version="1.0" encoding="{name}"?><a/>'.encode()) or ("", "")
    assert code == "not_a_workbook" and "encoding" in problem


def test_binary_members_and_every_committed_part_pass() -> None:
    """Images, the VBA project and printer settings are not refused for what their bytes happen to be."""
    for path in committed_workbooks():
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                assert xml_problem(z.read(info)) is None, (path.name, info.filename)
    for data in (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), bytes(64)):
        assert xml_problem(data) is None
