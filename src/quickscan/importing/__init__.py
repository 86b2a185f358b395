"""Import survey platform exports (LimeSurvey, Qualtrics, SurveyMonkey, Forms, Kobo, SPSS).

`plan_import` reads each export with its platform's reader (`readers.py`), matches its
headers to the questionnaire (`headers.py`), recodes its values (`recode.py`) and returns one
answer table; `write_answers` writes it as a normal answer file. The mapping file that
documents an import is read and drafted by `mapping.py`. See docs/import.md.
"""

from quickscan.importing.api import ImportPlan, import_exports, parse_sets, plan_import
from quickscan.importing.mapping import Mapping, load_mapping
from quickscan.importing.platforms import PLATFORM_NAMES, detect
from quickscan.importing.write import write_answers

__all__ = [
    "PLATFORM_NAMES",
    "ImportPlan",
    "Mapping",
    "detect",
    "import_exports",
    "load_mapping",
    "parse_sets",
    "plan_import",
    "write_answers",
]
