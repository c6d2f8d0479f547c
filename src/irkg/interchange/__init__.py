"""Interchange with annotation tools: their exports in, pre-annotated work out.

Each format module (``brat``, ``webannotation``, ``labelstudio``, and the
INCEpTION modules) translates between its files and the neutral
:class:`~irkg.interchange.document.Document`; ``mapping`` says what a tool's
labels mean, ``resolve`` and ``entities`` turn documents into irkg
``content``, ``merge`` brings it into ``seeds/`` and ``verify`` loads the
result back before anything is written; ``offsets`` converts the units tools
count in, and ``formats`` names the formats for the commands.
"""
