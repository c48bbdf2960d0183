"""The reader itself: ``syria-reader`` with no command opens it."""

from __future__ import annotations

import argparse
import sys

from syria_reader.tui.cli.common import PROG, db_path, open_corpus

# How long a thread may hold the interpreter while another waits for it. Recognition,
# sentence splitting and the related index run in worker threads of the reader; at
# Python's default (5 ms) a key waited for them several times over before its frame.
KEY_THREAD_SWITCH_SECONDS = 0.0005


def cmd_read(args: argparse.Namespace) -> int:
    from syria_reader.tui.heap import built_without_collections

    model = None
    if args.model:
        from syria_reader.corpus.model_name import ModelChoice
        from syria_reader.corpus.ner import resolve_model

        # Named on the command line: one that cannot be used stops the reader before it
        # starts, as any command does (the config file's only warns, in the reader).
        model = ModelChoice(args.model, "--model")
        resolve_model(model)  # ModelNotAvailable: one line, exit 2

    # Textual and the corpus live as long as the reader: collecting them while they
    # load cost the first frame about 60 ms (see tui/heap.py).
    with built_without_collections():
        corpus = open_corpus(args)
        from syria_reader.tui.app import ReaderApp  # lazily: only the reader pays for Textual

        app = ReaderApp(corpus, db=db_path(args), freeze_loaded=True, model=model)
    sys.setswitchinterval(KEY_THREAD_SWITCH_SECONDS)
    app.run()
    if app.crash is not None:
        from syria_reader.tui.crash_log import report_crash

        return report_crash(app.crash)
    if app.fatal_error:
        # The database is opened in the reader's worker, so the text shows first; one
        # that cannot be opened ends the reader, untouched, with this one line.
        print(f"{PROG}: error: {app.fatal_error}", file=sys.stderr)
        return 2
    return app.return_code or 0
