"""The part of GraphQL the Linear emulator understands: one operation (``query`` keyword and name
optional, variable definitions read and ignored but for their names), fields with aliases and
arguments, nested selection sets. Argument values: variables (``$since``), strings (with escapes),
block strings are not supported, numbers, booleans, ``null``, enums, lists and input objects.
Fragments, directives and mutations are outside the subset: they are answered with a GraphQL
validation error, as a query the emulator cannot serve should fail loudly, not be half-answered.

``parse(text, variables)`` resolves variables as it reads, so argument values are plain Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r"""
    (?P<skip>[\s,]+|\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
  | (?P<punct>\.\.\.|[{}()\[\]:$!=@])
""", re.VERBOSE)
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class GraphQLSyntaxError(ValueError):
    pass


@dataclass
class Field:
    name: str
    alias: str
    arguments: dict = field(default_factory=dict)
    selections: list[Field] = field(default_factory=list)

    def child(self, name: str) -> Field | None:
        return next((f for f in self.selections if f.name == name), None)


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise GraphQLSyntaxError(f"Syntax Error: Unexpected character {text[position]!r}.")
        position = match.end()
        if match.lastgroup != "skip":
            tokens.append((match.lastgroup, match.group()))
    return tokens


def parse(text: str, variables: dict | None = None) -> list[Field]:
    """The operation's top-level fields."""
    return _Parser(tokenize(text), variables or {}).document()


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], variables: dict):
        self.tokens, self.at, self.variables = tokens, 0, variables

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise GraphQLSyntaxError("Syntax Error: Unexpected <EOF>.")
        if expected is not None and token[1] != expected:
            raise GraphQLSyntaxError(f"Syntax Error: Expected {expected!r}, found {token[1]!r}.")
        self.at += 1
        return token

    def document(self) -> list[Field]:
        token = self.peek()
        if token and token[0] == "name":
            if token[1] != "query":
                raise GraphQLSyntaxError(f"Unsupported operation {token[1]!r}: only queries are served.")
            self.take()
            if self.peek() and self.peek()[0] == "name":
                self.take()
            if self.peek() and self.peek()[1] == "(":
                self._variable_definitions()
        fields = self.selection_set()
        if self.peek() is not None:
            raise GraphQLSyntaxError("Only one operation per document is served.")
        return fields

    def _variable_definitions(self) -> None:
        self.take("(")
        while self.peek() and self.peek()[1] != ")":  # $name: Type[!] [= default]
            self.take("$")
            name = self.take()[1]
            self.take(":")
            depth = 0
            while self.peek() and (depth or self.peek()[1] not in (")", "$", "=")):
                depth += {"[": 1, "]": -1}.get(self.peek()[1], 0)
                self.take()
            if self.peek() and self.peek()[1] == "=":
                self.take()
                default = self.value()
                self.variables.setdefault(name, default)
        self.take(")")

    def selection_set(self) -> list[Field]:
        self.take("{")
        fields = []
        while self.peek() and self.peek()[1] != "}":
            if self.peek()[1] in ("...", "@"):
                raise GraphQLSyntaxError("Fragments and directives are not served by this emulator.")
            fields.append(self.field())
        self.take("}")
        if not fields:
            raise GraphQLSyntaxError("Syntax Error: Expected Name, found '}'.")
        return fields

    def field(self) -> Field:
        kind, name = self.take()
        if kind != "name":
            raise GraphQLSyntaxError(f"Syntax Error: Expected Name, found {name!r}.")
        alias = name
        if self.peek() and self.peek()[1] == ":":
            self.take()
            name = self.take()[1]
        arguments = {}
        if self.peek() and self.peek()[1] == "(":
            self.take()
            while self.peek() and self.peek()[1] != ")":
                key = self.take()[1]
                self.take(":")
                arguments[key] = self.value()
            self.take(")")
        selections = self.selection_set() if self.peek() and self.peek()[1] == "{" else []
        return Field(name, alias, arguments, selections)

    def value(self):
        kind, text = self.take()
        if text == "$":
            return self.variables.get(self.take()[1])
        if kind == "string":
            return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", _unescape, text[1:-1])
        if kind == "number":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if text == "[":
            items = []
            while self.peek() and self.peek()[1] != "]":
                items.append(self.value())
            self.take("]")
            return items
        if text == "{":
            fields = {}
            while self.peek() and self.peek()[1] != "}":
                key = self.take()[1]
                self.take(":")
                fields[key] = self.value()
            self.take("}")
            return fields
        if kind == "name":
            return {"true": True, "false": False, "null": None}.get(text, text)  # else an enum value
        raise GraphQLSyntaxError(f"Syntax Error: Unexpected {text!r}.")


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if code.startswith("u") else _ESCAPES.get(code, code)
