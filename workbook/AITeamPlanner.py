"""Run main for AITeamPlanner.xlsm: the xlwings add-in's "Run main" button (or the workbook's
SampleCall macro) runs ``main()`` of the Python file named like the workbook, beside it.

main() refills Staffing, Budget, the hiring timeline, Summary, Checks and the 90-day playbook
from the Python model, reading every input from the workbook's named ranges. Inputs you
edited, Staffing rows marked manual and playbook notes stay as they are.
"""

import xlwings as xw

from xl_aiteam.adapters.xlwings_book import XlwingsBook
from xl_aiteam.macros import refill


def main() -> None:
    book = xw.Book.caller()
    refill(XlwingsBook(book))


if __name__ == "__main__":
    xw.Book("AITeamPlanner.xlsm").set_mock_caller()
    main()
