"""Headless Chromium for page tests, driven over the Chrome DevTools protocol (a websocket).

Only what the tests need: open a tab, turn scripts off, navigate, type into a field, click an
element where it is drawn, choose files or drop them on an element, read the DOM. Everything
goes through the DOM and Input domains, so it works the same with JavaScript disabled.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--remote-debugging-port=0",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Browser:
    ws: aiohttp.ClientWebSocketResponse
    events: list[tuple[str | None, str, dict[str, Any]]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pending: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def read(self) -> None:
        """Dispatches what Chromium sends: answers to their callers, events to the log."""
        async for msg in self.ws:
            data = msg.json()
            if "id" in data and (future := self._pending.pop(data["id"], None)):
                if "error" in data:
                    future.set_exception(RuntimeError(f"CDP error: {data['error']}"))
                else:
                    future.set_result(data.get("result", {}))
            elif "method" in data:
                self.events.append((data.get("sessionId"), data["method"], data.get("params", {})))
                async with self._changed:
                    self._changed.notify_all()

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        msg_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = future
        message: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self.ws.send_json(message)
        return await asyncio.wait_for(future, 15)

    async def wait_event(self, method: str, session: str, after: int, timeout: float = 15) -> None:
        """Waits for an event of a tab, among those that came after index `after`."""
        async with asyncio.timeout(timeout), self._changed:
            while not any(
                s == session and m == method for s, m, _ in self.events[after:]
            ):  # fmt: skip
                await self._changed.wait()

    async def new_tab(self, scripts: bool = True) -> Tab:
        target = await self.send("Target.createTarget", {"url": "about:blank"})
        attached = await self.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        tab = Tab(self, attached["sessionId"])
        await tab.send("Page.enable")
        await tab.send("DOM.enable")
        if not scripts:
            await tab.send("Emulation.setScriptExecutionDisabled", {"value": True})
        return tab


@dataclass
class Tab:
    browser: Browser
    session: str

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.browser.send(method, params, self.session)

    def mark(self) -> int:
        """A point in the event log, to wait for what happens after it."""
        return len(self.browser.events)

    def loads_since(self, mark: int) -> int:
        return sum(
            1
            for s, m, _ in self.browser.events[mark:]
            if s == self.session and m == "Page.loadEventFired"
        )

    async def loaded(self, mark: int) -> None:
        await self.browser.wait_event("Page.loadEventFired", self.session, mark)

    async def goto(self, url: str) -> None:
        mark = self.mark()
        await self.send("Page.navigate", {"url": url})
        await self.loaded(mark)

    async def node(self, selector: str) -> int:
        root = await self.send("DOM.getDocument", {"depth": 0})
        found = await self.send(
            "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
        )
        if not found["nodeId"]:
            raise LookupError(f"no element matches {selector!r}")
        return int(found["nodeId"])

    async def type(self, selector: str, text: str) -> None:
        """Focuses the element and types text into it, as a keyboard would insert it."""
        await self.send("DOM.focus", {"nodeId": await self.node(selector)})
        await self.send("Input.insertText", {"text": text})

    async def click(self, selector: str) -> None:
        """A left click in the middle of the element, where it is drawn."""
        node = await self.node(selector)
        await self.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node})
        quad = (await self.send("DOM.getBoxModel", {"nodeId": node}))["model"]["content"]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )

    async def choose_files(self, selector: str, *paths: Path) -> None:
        """Sets the files of an <input type=file>, as the file chooser would (fires change)."""
        await self.send(
            "DOM.setFileInputFiles",
            {"nodeId": await self.node(selector), "files": [str(p) for p in paths]},
        )

    async def drop_files(self, selector: str, *paths: Path) -> None:
        """Drags files from outside the browser onto the element and drops them there."""
        node = await self.node(selector)
        await self.send("DOM.scrollIntoViewIfNeeded", {"nodeId": node})
        quad = (await self.send("DOM.getBoxModel", {"nodeId": node}))["model"]["content"]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        data = {"items": [], "files": [str(p) for p in paths], "dragOperationsMask": 1}
        for kind in ("dragEnter", "dragOver", "drop"):
            event = {"type": kind, "x": x, "y": y, "data": data}
            await self.send("Input.dispatchDragEvent", event)

    async def html(self, selector: str) -> str:
        return str(
            (await self.send("DOM.getOuterHTML", {"nodeId": await self.node(selector)}))[
                "outerHTML"
            ]
        )

    async def wait_for(self, selector: str, pattern: str, timeout: float = 15) -> str:
        """Polls the element's HTML until it matches pattern; returns the HTML."""
        async with asyncio.timeout(timeout):
            while True:
                try:
                    markup = await self.html(selector)
                    if re.search(pattern, markup):
                        return markup
                except LookupError:
                    pass
                await asyncio.sleep(0.05)


@asynccontextmanager
async def chromium(profile: Path) -> AsyncIterator[Browser]:
    """Headless Chromium with a throwaway profile, closed when the block ends."""
    path = chromium_path()
    assert path is not None
    proc = await asyncio.create_subprocess_exec(
        path, *FLAGS, f"--user-data-dir={profile}", "about:blank",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        async with asyncio.timeout(30):
            while not (line := (await proc.stderr.readline()).decode()).startswith(
                "DevTools listening on "
            ):  # fmt: skip
                if not line:
                    raise RuntimeError("chromium exited before DevTools listened")
        url = line.split(" on ", 1)[1].strip()
        drain = asyncio.create_task(proc.stderr.read())  # a full pipe would stall Chromium
        async with aiohttp.ClientSession() as session, session.ws_connect(
            url, max_msg_size=0
        ) as ws:  # fmt: skip
            browser = Browser(ws)
            reader = asyncio.create_task(browser.read())
            try:
                yield browser
            finally:
                reader.cancel()
                drain.cancel()
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()
