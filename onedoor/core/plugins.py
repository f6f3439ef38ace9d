"""A typed plugin registry for connectors, signers and message channels.

Each kind of plugin gets one ``Registry``; implementations register with its decorator under a
unique id. A duplicate id is a programming error and is refused at import time, so two plugins
can never silently shadow each other.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong with a plugin's configuration, shown on the health page and in the admin."""

    message: str
    hint: str = ""


@runtime_checkable
class Plugin(Protocol):
    plugin_id: str
    verbose_name: str

    def check_config(self) -> list[ConfigProblem]:
        """What is wrong with this plugin's configuration; an empty list when it is usable."""
        ...


class DuplicatePlugin(Exception):
    pass


class UnknownPlugin(KeyError):
    pass


@dataclass
class Registry[T]:
    """Plugins of one kind, by id."""

    kind: str
    _plugins: dict[str, T] = field(default_factory=dict)

    def register(self, plugin_id: str) -> Callable[[type[T]], type[T]]:
        """Class decorator: register an instance of the class under ``plugin_id``."""

        def decorator(cls: type[T]) -> type[T]:
            if plugin_id in self._plugins:
                raise DuplicatePlugin(f"{self.kind} plugin {plugin_id!r} is registered twice")
            instance = cls()
            instance.plugin_id = plugin_id  # type: ignore[attr-defined]  # set on any plugin class
            self._plugins[plugin_id] = instance
            return cls

        return decorator

    def unregister(self, plugin_id: str) -> None:
        self._plugins.pop(plugin_id, None)

    def get(self, plugin_id: str) -> T:
        try:
            return self._plugins[plugin_id]
        except KeyError:
            raise UnknownPlugin(f"no {self.kind} plugin {plugin_id!r}") from None

    def __contains__(self, plugin_id: object) -> bool:
        return plugin_id in self._plugins

    def __iter__(self) -> Iterator[T]:
        return iter(self._plugins.values())

    def ids(self) -> list[str]:
        return sorted(self._plugins)

    def check_all(self) -> dict[str, list[ConfigProblem]]:
        """Every plugin's configuration problems, by id; a plugin that raises reports that."""
        report: dict[str, list[ConfigProblem]] = {}
        for plugin_id, plugin in sorted(self._plugins.items()):
            try:
                report[plugin_id] = list(plugin.check_config())  # type: ignore[attr-defined]
            except Exception as exc:  # a broken plugin must not break the health page
                report[plugin_id] = [ConfigProblem(f"check_config failed: {exc}")]
        return report
