from refusenik.cli import main

main()
