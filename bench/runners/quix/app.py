# The Quix Streams contender of `npm run bench -- compare`: Apache Kafka's WordCountDemo (lower-case, split on
# \W+, group by word through a repartition topic, count, every update to the output). Settings: JSON in
# BENCH_CONTENDER (bench/compare/contender.ts). Prints "BENCH READY" when it processes its first record (Quix has
# no "running" callback), "BENCH CLOSED {...}" once stopped by SIGTERM.
import json
import os
import re
import signal
import struct
import sys

from quixstreams import Application

app_config = json.loads(os.environ["BENCH_CONTENDER"])
WORD_SPLIT = re.compile(r"\W+", re.ASCII)  # \W without Unicode, as Java's and the library's split

commit_interval_ms = app_config.get("commitIntervalMs")
app = Application(
    broker_address=app_config["bootstrapServers"],
    consumer_group=app_config["applicationId"],
    auto_offset_reset="earliest",
    processing_guarantee="exactly-once" if app_config["guarantee"] == "exactly_once" else "at-least-once",
    state_dir=app_config["stateDir"],
    loglevel="WARNING",
    **({} if commit_interval_ms is None else {"commit_interval": commit_interval_ms / 1000}),
)
sentences = app.topic(app_config["inputTopic"], key_deserializer="string", value_deserializer="string")
counts = app.topic(app_config["outputTopic"], key_serializer="string", value_serializer="bytes")

ready = False


def words_of(sentence):
    global ready
    if not ready:
        ready = True
        print("BENCH READY", flush=True)
    return [word for word in WORD_SPLIT.split(sentence.lower()) if word]


def count(_word, state):
    total = state.get("count", 0) + 1
    state.set("count", total)
    return struct.pack(">q", total)


sdf = app.dataframe(sentences)
sdf = sdf.apply(words_of, expand=True)
sdf = sdf.group_by(
    lambda word: word,
    name="words",
    key_serializer="string",
    value_serializer="string",
    key_deserializer="string",
    value_deserializer="string",
)
sdf = sdf.apply(count, stateful=True)
sdf.to_topic(counts)


def on_sigterm(_signum, _frame):
    app.stop()


signal.signal(signal.SIGTERM, on_sigterm)
app.run()
print("BENCH CLOSED " + json.dumps({"clean": True, "facts": {}}), flush=True)
sys.exit(0)
