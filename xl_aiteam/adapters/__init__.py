"""Adapters render the layout into a real workbook: openpyxl (headless) and LibreOffice (recalculation)."""
